/** A stand-in for the ModelScorer port (our own port): the score is the cpu residual, so tests can reason by hand. */
import type { Anomaly, FeatureWindow, ModelScorer } from '../../../src/core/index.js';
import type { Detector } from '../../../src/core/detector.js';
import { RESIDUAL_FEATURE_NAMES } from '../../../src/detectors/learned/residuals.js';

const CPU = RESIDUAL_FEATURE_NAMES.indexOf('cpu');

export function cpuResidualScorer(): ModelScorer & { calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    schema: { schemaVersion: 1, features: RESIDUAL_FEATURE_NAMES },
    async score(input, rows) {
      calls.push(rows);
      const width = RESIDUAL_FEATURE_NAMES.length;
      return Float32Array.from({ length: rows }, (_, r) => input[r * width + CPU]!);
    },
  };
}

/** A seasonal detector that reports an anomaly of `feature` (p95 unless told) with the listed score on the listed window starts. */
export function scriptedSeasonal(at: Map<number, number>, feature: Anomaly['feature'] = 'p95Ms'): Detector {
  return {
    name: 'seasonal',
    warm() {},
    observe(rows: readonly FeatureWindow[]): Anomaly[] {
      return rows
        .filter((r) => at.has(r.windowStart))
        .map((r) => ({ service: r.service, operation: r.operation, feature, windowStart: new Date(r.windowStart).toISOString(), value: 300, baseline: 100, score: at.get(r.windowStart)!, direction: 'up' }));
    },
  };
}
