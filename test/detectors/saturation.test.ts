// Utilisation features alarm on saturation, not on any rise: CPU 40 % → 65 % is capacity at work, 40 % → 95 % is not.
import { describe, expect, it } from 'vitest';
import { createSeasonalDetector } from '../../src/detectors/seasonal-baseline.js';
import { fw, gauss, MIN, rng, T0 } from './rows.js';

function cpuRun(level: number, seed: number) {
  const r = rng(seed);
  const d = createSeasonalDetector({ features: ['cpu'] });
  const rows = Array.from({ length: 80 }, (_, i) => fw(T0 + i * MIN, { cpu: (i >= 60 ? level : 0.4) + 0.02 * gauss(r) }));
  d.warm(rows.slice(0, 40));
  return d.observe(rows.slice(40));
}

describe('saturation floor', () => {
  it.each([1, 2, 3])('a rise that stays below saturation raises nothing (seed %i)', (seed) => {
    expect(cpuRun(0.65, seed)).toEqual([]);
  });
  it.each([1, 2, 3])('saturation is flagged from its onset (seed %i)', (seed) => {
    const found = cpuRun(0.95, seed);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.feature).toBe('cpu');
    expect(Date.parse(found[0]!.windowStart)).toBeLessThanOrEqual(T0 + 61 * MIN);
  });
});
