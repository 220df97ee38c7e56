import { describe, expect, it } from 'vitest';
import { createLearnedDetector } from '../../src/detectors/learned/learned-detector.js';
import { cleanScores, quantileOf } from '../../src/models/calibrate.js';
import type { LabelledStream } from '../../src/models/labelled-windows.js';
import { cpuResidualScorer } from '../detectors/learned/fake-scorer.js';
import { fw, MIN, T0 } from '../detectors/rows.js';

describe('threshold calibration', () => {
  it('quantiles interpolate between order statistics as numpy does', () => {
    expect(quantileOf([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(quantileOf([5, 1, 3, 2, 4], 0.9)).toBeCloseTo(4.6, 12);
    expect(() => quantileOf([], 0.99)).toThrow(/no clean windows/);
    expect(() => quantileOf([1], 1)).toThrow(/quantile must be in/);
  });

  it('scores only clean windows: after warm-up (scoreFrom) and before the fault', async () => {
    // cpu flat at 0.1 (noise floor 0.03): 0.25 → residual 5, 0.4/0.5 → clipped at 10. The fake model scores the cpu residual.
    const cpu: Record<number, number> = { 6: 0.4, 10: 0.25, 16: 0.5 };
    const stream: LabelledStream = {
      name: 'hand-made',
      rows: Array.from({ length: 20 }, (_, i) => fw(T0 + i * MIN, { cpu: cpu[i] ?? 0.1 })),
      faults: [{ nodes: ['checkout'], from: T0 + 15 * MIN, to: T0 + 18 * MIN, kind: 'cpu' }],
      scoreFrom: T0 + 8 * MIN,
    };
    const scores = await cleanScores(async () => createLearnedDetector({ kind: 'iforest', modelId: 'm', scorer: cpuResidualScorer(), threshold: 4 }), [stream]);
    // minutes 8..14: the 0.4 at minute 6 (warm-up) and the 0.5 at minute 16 (fault) are left out
    expect(scores.map((s) => Math.round(s * 1000) / 1000)).toEqual([0, 0, 5, 0, 0, 0, 0]);
  });

  it('a fault-free stream is clean throughout', async () => {
    const stream: LabelledStream = { name: 'clean', rows: Array.from({ length: 12 }, (_, i) => fw(T0 + i * MIN, { cpu: 0.1 })), faults: [], scoreFrom: T0 + 6 * MIN };
    const scores = await cleanScores(async () => createLearnedDetector({ kind: 'iforest', modelId: 'm', scorer: cpuResidualScorer(), threshold: 4 }), [stream]);
    expect(scores).toHaveLength(6);
  });
});
