import { describe, expect, it } from 'vitest';
import { hashSeed, Rng, rng, tag } from '../../src/sim/random.js';

describe('seeded randomness', () => {
  it('repeats a stream for the same parts and separates different ones', () => {
    const draw = (r: Rng) => Array.from({ length: 5 }, () => r.next());
    expect(draw(rng(1, tag('walk'), 7))).toEqual(draw(rng(1, tag('walk'), 7)));
    expect(draw(rng(1, tag('walk'), 7))).not.toEqual(draw(rng(1, tag('walk'), 8)));
    expect(hashSeed(1, 2)).not.toBe(hashSeed(2, 1));
    expect(hashSeed(2 ** 40)).not.toBe(hashSeed(0));
  });

  it('draws Poisson counts and lognormal values with the requested centre', () => {
    const r = new Rng(99);
    const n = 4000;
    for (const lambda of [3, 120]) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += r.poisson(lambda);
      expect(sum / n).toBeCloseTo(lambda, lambda > 10 ? -0.5 : 0);
    }
    const xs = Array.from({ length: n }, () => r.lognormal(20, 0.4)).sort((a, b) => a - b);
    expect(xs[n / 2]).toBeGreaterThan(19);
    expect(xs[n / 2]).toBeLessThan(21);
  });

  it('makes lower-case hex ids of the requested length', () => {
    const r = new Rng(5);
    expect(r.hexId(16)).toMatch(/^[0-9a-f]{32}$/);
    expect(r.hexId(8)).toMatch(/^[0-9a-f]{16}$/);
    const ids = new Set(Array.from({ length: 10_000 }, () => r.hexId(8)));
    expect(ids.size).toBe(10_000);
  });
});
