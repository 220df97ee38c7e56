/** Reading anomaly evidence: the strongest anomaly of a feature over a set of services. */
import type { Anomaly, FeatureName } from '../../core/index.js';

export interface Observation {
  anomaly: Anomaly;
  value: number;
  /** value / baseline; Infinity when the baseline is 0 and the value is not. */
  ratio: number;
  direction: 'up' | 'down';
}

export function ratioOf(a: Anomaly): number {
  if (a.baseline > 0) return a.value / a.baseline;
  return a.value > 0 ? Infinity : 1;
}

export function directionOf(a: Anomaly): 'up' | 'down' {
  return a.direction ?? (a.value >= a.baseline ? 'up' : 'down');
}

/** Observations of `feature` on `services`, strongest (highest detector score) first. */
export function observe(anomalies: readonly Anomaly[], services: ReadonlySet<string>, feature: FeatureName): Observation[] {
  return anomalies
    .filter((a) => a.feature === feature && services.has(a.service))
    .sort((x, y) => y.score - x.score)
    .map((a) => ({ anomaly: a, value: a.value, ratio: ratioOf(a), direction: directionOf(a) }));
}
