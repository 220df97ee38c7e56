/** Scale-out self-metrics on the app's registry: whether this instance owns the merge, and where the merge stands. */
import { Counter, Gauge } from 'prom-client';
import type { AiopsMetrics } from '../obs/metrics.js';

export interface ScaleMetrics {
  mergeOwner: Gauge;
  mergedBefore: Gauge;
  partialsPublished: Counter;
}

const cache = new WeakMap<AiopsMetrics, ScaleMetrics>();

export function scaleMetrics(metrics: AiopsMetrics): ScaleMetrics {
  const hit = cache.get(metrics);
  if (hit) return hit;
  const registers = [metrics.registry];
  const m: ScaleMetrics = {
    mergeOwner: new Gauge({ name: 'aiops_scale_merge_owner', help: '1 while this instance owns the partials topic (merges, detects, opens incidents)', registers }),
    mergedBefore: new Gauge({ name: 'aiops_scale_merged_before_seconds', help: 'Event time (epoch s) before which every window is merged and stored', registers }),
    partialsPublished: new Counter({ name: 'aiops_scale_partials_published_total', help: 'Partial-window messages published (one per raw partition and window start)', registers }),
  };
  cache.set(metrics, m);
  return m;
}
