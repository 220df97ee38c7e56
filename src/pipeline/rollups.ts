/**
 * Rolls 1m windows up to 5m/15m/1h once a coarse bucket is complete for a service (its last minute closed).
 * The coarse row is recomputed from the stored 1m rows (not accumulated in memory), so a restart or a replay
 * rewrites it identically. Edges are not rolled up: graph queries aggregate edge windows over their range.
 */
import { RESOLUTION_MS, type FeatureStore, type Resolution } from '../core/index.js';
import { bucketStart, rollupWindows } from '../features/rollup.js';
import type { ClosedWindows } from '../features/window-aggregator.js';

const COARSE: Resolution[] = ['5m', '15m', '1h'];

export interface CompletedBucket {
  resolution: Resolution;
  start: number;
  services: Set<string>;
}

/** Buckets completed by these closed 1m windows (the window is the bucket's last minute), with their services. */
export function completedBuckets(closed: ClosedWindows, windowMs: number): CompletedBucket[] {
  const buckets = new Map<string, CompletedBucket>();
  for (const w of closed.features) {
    const end = w.windowStart + windowMs;
    for (const resolution of COARSE) {
      if (end % RESOLUTION_MS[resolution] !== 0) continue;
      const start = bucketStart(w.windowStart, resolution);
      const key = `${resolution}@${start}`;
      let b = buckets.get(key);
      if (!b) buckets.set(key, (b = { resolution, start, services: new Set() }));
      b.services.add(w.service);
    }
  }
  return [...buckets.values()];
}

export async function writeRollups(buckets: readonly CompletedBucket[], features: FeatureStore): Promise<Partial<Record<Resolution, number>>> {
  const written: Partial<Record<Resolution, number>> = {};
  for (const { resolution, start, services } of buckets) {
    const minute = await features.queryRange(start, start + RESOLUTION_MS[resolution], '1m');
    const coarse = rollupWindows(minute.filter((w) => services.has(w.service)), resolution);
    await features.upsertWindows(coarse);
    written[resolution] = (written[resolution] ?? 0) + coarse.length;
  }
  return written;
}
