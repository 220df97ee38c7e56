/**
 * Several detectors behind one: each sees every row; anomalies found by more than one detector for
 * the same (service, operation, feature, window) are reported once, with the highest score.
 */
import type { Anomaly } from '../core/index.js';
import type { Detector } from '../core/detector.js';

function key(a: Anomaly): string {
  return `${a.service}\u0000${a.operation}\u0000${a.feature}\u0000${a.windowStart}`;
}

export function createDetectorRegistry(detectors: Detector[]): Detector {
  return {
    name: `registry(${detectors.map((d) => d.name).join(',')})`,
    warm(rows) {
      for (const d of detectors) d.warm(rows);
    },
    async prepare(rows) {
      for (const d of detectors) await d.prepare?.(rows);
    },
    observe(rows) {
      const best = new Map<string, Anomaly>();
      for (const d of detectors) {
        for (const a of d.observe(rows)) {
          const k = key(a);
          const prev = best.get(k);
          if (prev === undefined || a.score > prev.score) best.set(k, a);
        }
      }
      return [...best.values()].sort((a, b) => a.windowStart.localeCompare(b.windowStart) || b.score - a.score);
    },
  };
}
