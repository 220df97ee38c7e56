// Onset detection (src/rca/causal/onset.ts) on series small enough to follow by hand.
import { describe, expect, it } from 'vitest';
import { estimateOnset, indexAt, nodeOnset } from '../../src/rca/causal/onset.js';
import type { NodeSeries } from '../../src/rca/causal/types.js';
import type { Variable } from '../../src/rca/causal/variables.js';

const node = (values: number[]): NodeSeries => ({ name: 'api', kind: 'service', metrics: { cpu: Float64Array.from(values) } });
const variable = (zt: number[]) => ({ zt: Float64Array.from(zt) }) as unknown as Variable;

describe('estimateOnset', () => {
  // Baseline = samples 0..5 (hint 9 − 3 searched = 6): six 100s, median 100, scale = the 5 % floor = 5. A 400 is
  // z = 60, capped at 10; the threshold is max(2 × p95 of the baseline's sums (0), START_Z 3) = 3.
  const step = [100, 100, 100, 100, 100, 100, 100, 400, 400, 400, 400, 400];

  it('dates a sustained step from its first changed sample, up to 3 samples before the hint', () => {
    expect(estimateOnset([node(step)], 9, 3)).toBe(7);
  });

  it('keeps the hint when nothing is searched before it, or when the change began before the search span', () => {
    expect(estimateOnset([node(step)], 9, 0)).toBe(9);
    // Hint 11, search 3: the baseline is samples 0..7, whose sums are 0 ×7 and 10 (sample 7 already changed):
    // p95 = 6.5 (interpolated), threshold 2 × 6.5 = 13 > the capped 10, so no sample reaches it: the hint stays.
    expect(estimateOnset([node(step)], 11, 3)).toBe(11);
  });

  it('does not take a one-sample spike before the hint for the onset', () => {
    const spike = [100, 100, 100, 100, 100, 100, 400, 100, 100, 400, 400, 400];
    expect(estimateOnset([node(spike)], 9, 3)).toBe(9);
  });

  it('indexAt: first sample at or after the time; past the end gives the length', () => {
    expect(indexAt([0, 60, 120], 60)).toBe(1);
    expect(indexAt([0, 60, 120], 61)).toBe(2);
    expect(indexAt([0, 60, 120], 500)).toBe(3);
  });
});

describe('nodeOnset', () => {
  it('is the first sample from the onset where one variable is at z ≥ 3 twice in a row', () => {
    expect(nodeOnset([variable([0, 0, 1, 4, 5, 0])], 2, 6)).toBe(3);
    // A lone 4 at sample 2 is not it; the pair from 4 is.
    expect(nodeOnset([variable([0, 0, 4, 0, 4, 4])], 0, 6)).toBe(4);
    // At the last sample one reading is enough; before the onset nothing counts.
    expect(nodeOnset([variable([5, 5, 0, 0, 0, 5])], 2, 6)).toBe(5);
    expect(nodeOnset([variable([0, 0, 0, 0, 0, 0]), variable([0, 0, 0, 3, 3, 0])], 0, 6)).toBe(3);
    expect(nodeOnset([variable([0, 0, 0, 0])], 0, 4)).toBeUndefined();
  });
});
