/** Short human descriptions of anomalies for timeline entries. */
import type { Anomaly } from '../core/index.js';

/** `service[ operation] feature baseline → value (ratio)`; the operation names which series moved (a service's
 *  only operation moves with it, and without its name the two read as one anomaly listed twice). */
export function describeAnomaly(a: Anomaly): string {
  const series = a.operation ? `${a.service} ${a.operation}` : a.service;
  if (a.feature === 'errorRate') return `${series} errorRate ${pct(a.baseline)} → ${pct(a.value)}`;
  const ratio = a.baseline > 0 ? ` (${(a.value / a.baseline).toFixed(1)}×)` : '';
  const unit = a.feature.endsWith('Ms') ? ' ms' : '';
  return `${series} ${a.feature} ${num(a.baseline)}${unit} → ${num(a.value)}${unit}${ratio}`;
}

/** At most `max` distinct descriptions, strongest first, with a count of the rest. */
export function describeAnomalies(list: readonly Anomaly[], max = 3): string {
  const texts = [...new Set([...list].sort((a, b) => b.score - a.score).map(describeAnomaly))];
  const shown = texts.slice(0, max).join('; ');
  return texts.length > max ? `${shown}; +${texts.length - max} more` : shown;
}

function pct(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

function num(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
}
