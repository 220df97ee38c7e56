/** Which kind of problem a root shows, read from its own anomalous features. */
import type { Anomaly, FeatureName, Indicator, NodeKind } from '../core/index.js';

type Family = 'latency' | 'errors' | 'saturation' | 'memory' | 'traffic';

export const FAMILY: Record<FeatureName, Family> = {
  p50Ms: 'latency',
  p95Ms: 'latency',
  p99Ms: 'latency',
  selfMs: 'latency',
  errorRate: 'errors',
  logError: 'errors',
  cpu: 'saturation',
  poolUse: 'saturation',
  memory: 'memory',
  gcMs: 'memory',
  throughput: 'traffic',
};

/** A resource family must reach this share of the node's strongest score to explain its latency or errors. */
const RESOURCE_SHARE = 0.3;

export interface IndicatorChoice {
  indicator: Indicator;
  /** The strongest anomaly of the chosen family (undefined for a node without anomalies of its own). */
  headline?: Anomaly;
}

/**
 * Resource families (memory, saturation) win when strong enough, because they explain the latency and errors
 * they cause; otherwise errors or latency by the higher score; traffic last. A database node is `database`,
 * an external one `dependency`, whatever its features.
 */
export function chooseIndicator(kind: NodeKind, anomalies: readonly Anomaly[]): IndicatorChoice {
  const best = new Map<Family, Anomaly>();
  for (const a of anomalies) {
    const f = FAMILY[a.feature];
    if (!f) continue;
    const b = best.get(f);
    if (!b || a.score > b.score) best.set(f, a);
  }
  const top = Math.max(0, ...[...best.values()].map((a) => a.score));
  const pick = (families: Family[], floor: number): [Family, Anomaly] | undefined => {
    let out: [Family, Anomaly] | undefined;
    for (const f of families) {
      const a = best.get(f);
      if (a && a.score >= floor && (!out || a.score > out[1].score)) out = [f, a];
    }
    return out;
  };
  const chosen = pick(['memory', 'saturation'], top * RESOURCE_SHARE) ?? pick(['errors', 'latency'], 0) ?? pick(['traffic'], 0);
  const own: Indicator | undefined = kind === 'database' ? 'database' : kind === 'external' ? 'dependency' : chosen?.[0];
  return { indicator: own ?? 'latency', headline: chosen?.[1] };
}
