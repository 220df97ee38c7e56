import { describe, expect, it } from 'vitest';
import { populationStability } from '../../../src/detectors/learned/drift.js';

const CUTS = [1, 2, 3, 4, 5, 6, 7, 8, 9];

describe('populationStability (PSI)', () => {
  it('is 0 for recent rows spread like training (10 % per decile bin)', () => {
    // two values in each of the 10 bins: 0.5, 1.5, …, 9.5
    const recent = Float32Array.from({ length: 20 }, (_, i) => Math.floor(i / 2) + 0.5);
    const r = populationStability(['a'], [CUTS], recent);
    expect(r.rows).toBe(20);
    expect(r.features[0]!.psi).toBeCloseTo(0, 9);
    expect(r.drifted).toBe(false);
  });

  it('matches a hand-computed PSI when every recent row falls in the first bin', () => {
    // bin 0: (1 − 0.1)·ln(1/0.1) = 0.9·2.302585 = 2.072327; 9 empty bins floored at 1e-4:
    // (1e-4 − 0.1)·ln(1e-4/0.1) = 0.0999·6.907755 = 0.690085 each → 6.210765; total 8.283092
    const r = populationStability(['a'], [CUTS], new Float32Array(10));
    expect(r.features[0]!.psi).toBeCloseTo(8.283092, 4);
    expect(r.drifted).toBe(true);
    expect(r.worst!.feature).toBe('a');
  });

  it('flags a shifted feature above 0.25 and leaves the unshifted one alone', () => {
    // two features, row-major: a is spread like training, b is shifted up by 5 (half its rows land in the last bin)
    const rows = 100;
    const recent = new Float32Array(rows * 2);
    for (let r = 0; r < rows; r++) {
      recent[r * 2] = (r % 10) + 0.5;
      recent[r * 2 + 1] = Math.min((r % 10) + 5.5, 9.5);
    }
    const rep = populationStability(['a', 'b'], [CUTS, CUTS], recent);
    expect(rep.features[0]!.psi).toBeCloseTo(0, 9);
    expect(rep.features[1]!.psi).toBeGreaterThan(0.25);
    expect(rep.features.map((f) => f.drifted)).toEqual([false, true]);
    expect(rep.worst!.feature).toBe('b');
  });
});
