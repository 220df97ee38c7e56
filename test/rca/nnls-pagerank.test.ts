/**
 * The two numeric cores of the causal ranking, on inputs small enough to solve on paper: NNLS (regression.ts)
 * and the personalised PageRank walk (walk.ts). Every expected value is worked out in the comment beside it.
 */
import { describe, expect, it } from 'vitest';
import type { Explanation } from '../../src/rca/causal/attribution.js';
import { nnls } from '../../src/rca/causal/regression.js';
import type { Variable } from '../../src/rca/causal/variables.js';
import { walk } from '../../src/rca/causal/walk.js';

const rows = (...r: number[][]) => r.map((x) => Float64Array.from(x));
const vec = (...y: number[]) => Float64Array.from(y);

describe('nnls: b ≥ 0 minimising |y − X·b|²', () => {
  it('recovers an exact fit: rows (1,0) (0,1) (1,1) with y 2, 3, 5 → b = (2, 3)', () => {
    const b = nnls(rows([1, 0], [0, 1], [1, 1]), vec(2, 3, 5));
    expect(b[0]).toBeCloseTo(2, 4);
    expect(b[1]).toBeCloseTo(3, 4);
  });

  it('drops a regressor whose free coefficient would be negative and refits the rest', () => {
    // y = 3, 2, 1 on (1, x) with x = 1, 2, 3: least squares gives y = 4 − x, so b = (4, −1). The slope may not be
    // negative: it is removed and y is fitted on the constant alone, b0 = mean(y) = 2.
    const b = nnls(rows([1, 1], [1, 2], [1, 3]), vec(3, 2, 1));
    expect(b[0]).toBeCloseTo(2, 4);
    expect(b[1]).toBe(0);
  });

  it('answers 0, not a negative effect, when the only regressor moves against y', () => {
    // y = −x: the free fit is b = −1.
    expect([...nnls(rows([1], [2]), vec(-1, -2))]).toEqual([0]);
  });

  it('keeps regressors in different units comparable (bytes beside milliseconds)', () => {
    // y = 2e-6·bytes + 4·ms on (1e6, 1), (2e6, 0), (0, 3): y = 2 + 4, 4 + 0, 0 + 12 = 6, 4, 12.
    const b = nnls(rows([1e6, 1], [2e6, 0], [0, 3]), vec(6, 4, 12));
    expect(b[0] / 2e-6).toBeCloseTo(1, 4);
    expect(b[1]).toBeCloseTo(4, 4);
  });

  it('splits the effect evenly between two identical (collinear) parents instead of failing', () => {
    // x1 = x2 = 1, 2, 3 and y = 2·x: any b1 + b2 = 2 fits; the ridge picks the smallest, b1 = b2 = 1.
    const b = nnls(rows([1, 1], [2, 2], [3, 3]), vec(2, 4, 6));
    expect(b[0]).toBeCloseTo(1, 4);
    expect(b[1]).toBeCloseTo(1, 4);
  });

  it('returns no coefficients for no regressors', () => {
    expect(nnls([], vec()).length).toBe(0);
  });
});

function variable(id: string, z: number): Variable {
  return { id, node: id, kind: 'service', signal: 'latency', metric: 'latency-50', series: vec(), base: { median: 0, scale: 1, n: 0 }, post: 0, z, zt: vec() };
}
function explained(y: Variable, shares: [to: Variable, share: number][]): Explanation {
  const s = shares.map(([to, share]) => ({ to, share, via: to.node }));
  return { y, shares: s, unexplained: 1 - s.reduce((a, x) => a + x.share, 0) };
}

describe('walk: personalised PageRank on "is explained by" links (damping 0.85)', () => {
  it('leaves all mass on a lone changed variable', () => {
    const a = variable('a', 5);
    expect(walk([a], new Map())).toEqual(new Map([['a', 1]]));
  });

  it('moves a fully explained change to its cause: π(a) = 0.15, π(b) = 0.85', () => {
    // a starts with all the mass and passes all of it to b; b keeps what it gets.
    // π(a) = 0.15·1 (restart only); π(b) = 0.85·(π(a) + π(b)) → π(b) = 0.85·0.15 / 0.15 = 0.85.
    const a = variable('a', 10);
    const b = variable('b', 0);
    const pi = walk([a, b], new Map([['a', explained(a, [[b, 1]])]]));
    expect(pi.get('a')).toBeCloseTo(0.15, 6);
    expect(pi.get('b')).toBeCloseTo(0.85, 6);
  });

  it('keeps the unexplained part where it is: half explained → π(a) = 6/23, π(b) = 17/23', () => {
    // π(a) = 0.85·0.5·π(a) + 0.15 → π(a) = 0.15 / 0.575 = 6/23 ≈ 0.26087;
    // π(b) = 0.85·0.5·π(a) + 0.85·π(b) → π(b) = 0.425·π(a) / 0.15 = 17/23 ≈ 0.73913.
    const a = variable('a', 10);
    const b = variable('b', 0);
    const pi = walk([a, b], new Map([['a', explained(a, [[b, 0.5]])]]));
    expect(pi.get('a')).toBeCloseTo(6 / 23, 6);
    expect(pi.get('b')).toBeCloseTo(17 / 23, 6);
  });

  it('starts in proportion to z² with z capped at 100, and only from z ≥ 3', () => {
    // a: 4² = 16; b: min(200, 100)² = 10 000; c: z 2 does not start. No links: π = start = 16/10016, 10000/10016, 0.
    const pi = walk([variable('a', 4), variable('b', 200), variable('c', 2)], new Map());
    expect(pi.get('a')).toBeCloseTo(16 / 10016, 12);
    expect(pi.get('b')).toBeCloseTo(10000 / 10016, 12);
    expect(pi.get('c')).toBe(0);
  });

  it('answers nothing when nothing changed, and ignores links to variables it does not know', () => {
    expect(walk([variable('a', 2.9)], new Map()).size).toBe(0);
    const a = variable('a', 5);
    expect(walk([a], new Map([['a', explained(a, [[variable('ghost', 9), 0.6]])]])).get('a')).toBeCloseTo(1, 12);
  });
});
