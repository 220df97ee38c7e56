import { describe, expect, it } from 'vitest';
import { changeZ, localScores } from '../../src/rca/causal/neighbourhood.js';
import { countNoise } from '../../src/rca/causal/robust.js';
import type { Topology } from '../../src/rca/causal/parents.js';
import { rankCausal } from '../../src/rca/causal/rank-causal.js';
import type { CausalInput, MetricKey, NodeSeries } from '../../src/rca/causal/types.js';

/** Five rows before the onset (index 5), three after: a detector's first ranking at 1-minute rows. */
const ONSET = 5;
const s = (...v: number[]) => Float64Array.from(v);
const node = (name: string, metrics: Partial<Record<MetricKey, Float64Array>>): NodeSeries => ({ name, kind: 'service', metrics });
const flat = (level: number) => s(level, level * 1.02, level * 0.98, level * 1.01, level * 0.99, level * 1.01, level, level * 0.99);

function topo(edges: [string, string, number][]): Topology {
  const calls = new Map(edges.map(([a, b, c]) => [`${a}>${b}`, c]));
  return {
    callees: (n) => edges.filter(([a]) => a === n).map(([, b]) => b),
    callers: (n) => edges.filter(([, b]) => b === n).map(([a]) => a),
    callsPerRequest: (a, b) => calls.get(`${a}>${b}`),
  };
}

describe('local neighbourhood reading (short windows)', () => {
  it('hands a slowdown only callers see to the quiet callee whose other callers agree', () => {
    // web slows 5×; neither callee's own latency moves. batch calls `ledger` heavily and did not slow: a delay on
    // ledger would have slowed batch too, so `fees` (called only by web) is the better explanation.
    const nodes = [
      node('web', { 'latency-90': s(100, 104, 98, 101, 99, 500, 520, 510), workload: flat(10) }),
      node('fees', { 'latency-90': flat(5), workload: flat(4) }),
      node('ledger', { 'latency-90': flat(5), workload: flat(8) }),
      node('batch', { 'latency-90': flat(50), workload: flat(2) }),
    ];
    const scores = localScores(nodes, topo([['web', 'fees', 100], ['web', 'ledger', 100], ['batch', 'ledger', 100]]), ONSET);
    // web's rise is capped at 20 noise scales: fees gets 20 × 1 (all its callers slowed), ledger 20 × 0.5 (half its
    // callers' weight slowed), web keeps 20 × 0.35 — the most downstream explanation first.
    expect(scores.map((x) => [x.node, x.score])).toEqual([['fees', 20], ['ledger', 10], ['web', 7]]);
    expect(scores[0].faultType).toBe('network');
    const web = scores.find((x) => x.node === 'web');
    // web keeps 35% of its blame and hands the rest on, fees' share by its callers' agreement (1 vs 0.5).
    expect(web?.handoff).toEqual([
      { to: 'fees', share: expect.closeTo(0.65 * (1 / 1.5), 6) },
      { to: 'ledger', share: expect.closeTo(0.65 * (0.5 / 1.5), 6) },
    ]);
  });

  it('lets a caller too noisy to show the delay speak less against a callee, and one that moved part-way agree part-way', () => {
    // As above (web gained 410 ms on its p90; steady batch: ledger 10), with batch's p90 either noisy — a few
    // requests a minute: baseline 200, 650, 800, 300, 700 with its largest (800) set aside, level 650 and noise
    // scale 1.4826 × MAD 350 = 518.9 ms, so a 410 ms delay would show as only 0.79 of the 3 noise scales that
    // count: its silence weighs 0.26 — or steady and risen 1.5 of 3 noise scales.
    const run = (batch: Float64Array) =>
      localScores(
        [
          node('web', { 'latency-90': s(100, 104, 98, 101, 99, 500, 520, 510), workload: flat(10) }),
          node('fees', { 'latency-90': flat(5), workload: flat(4) }),
          node('ledger', { 'latency-90': flat(5), workload: flat(8) }),
          node('batch', { 'latency-90': batch, workload: flat(2) }),
        ],
        topo([['web', 'fees', 100], ['web', 'ledger', 100], ['batch', 'ledger', 100]]),
        ONSET,
      );
    const ledger = (batch: Float64Array) => run(batch).find((x) => x.node === 'ledger')?.score;
    expect(ledger(s(200, 650, 800, 300, 700, 650, 700, 650))).toBeCloseTo(20 / (1 + 410 / (518.91 * 3)), 2);
    // Steady batch risen 1.5 of 3: it agrees half (web's 20 × 0.75), and its own part-way rise corroborates the
    // suspect at that same agreement (+ 1.5 × 0.75).
    expect(ledger(s(50, 51, 49, 50.5, 49.5, 57.5, 57.5, 57.5))).toBeCloseTo((20 + 1.5) * (1.5 / 2), 6);
    expect(run(s(200, 650, 800, 300, 700, 650, 700, 650))[0]).toMatchObject({ node: 'fees', score: 20 });
  });

  it('lets a caller that also calls another slowed callee say nothing about a quiet one', () => {
    // checkout slowed 5× with quiet callees email and ship. web calls ship and checkout rarely (4 and 1 calls per
    // 100 into cart): only web's tail could show a delay on ship, and checkout's slowness reaches that same tail;
    // web's tail staying put (it was high already) is no evidence against ship. Without the rule web vetoes ship
    // in proportion to its call weight (0.04): ship would score 20 / 1.04.
    const nodes = [
      node('checkout', { 'latency-90': s(400, 416, 392, 404, 396, 2000, 2080, 2040), workload: flat(0.3) }),
      node('email', { 'latency-90': flat(5), workload: flat(0.3) }),
      node('ship', { 'latency-90': flat(5), workload: flat(2) }),
      node('cart', { 'latency-90': flat(5), workload: flat(8) }),
      node('web', { 'latency-90': flat(300), 'latency-99': flat(2500), workload: flat(8) }),
    ];
    const edges: [string, string, number][] = [
      ['checkout', 'email', 1],
      ['checkout', 'ship', 1],
      ['web', 'cart', 100],
      ['web', 'ship', 4],
      ['web', 'checkout', 1],
    ];
    const scores = localScores(nodes, topo(edges), ONSET);
    expect(scores.find((x) => x.node === 'ship')?.score).toBe(20);
    expect(scores.find((x) => x.node === 'email')?.score).toBe(20);
  });

  it('lets a caller that rose below the bar corroborate a suspect raised by a slowed caller, never raise one', () => {
    // web slowed 5× with two quiet callees, cart and fx: each gets web's 20 noise scales (every caller agrees).
    // checkout, a noisy caller of cart and tax, rose 450 ms (650 → 1100 ms at a noise scale of 518.9 ms, as in the
    // test above: 0.87, below the 3 that count): a delay on cart accounts for that too, one on fx does not. Its
    // rise, times cart's agreement (1: checkout rose more than web's 410 ms would show in its noise), breaks the
    // tie for cart (20 + 0.87); tax, suspected by no slowed caller, gets nothing from a sub-threshold rise alone.
    const nodes = [
      node('web', { 'latency-90': s(100, 104, 98, 101, 99, 500, 520, 510), workload: flat(10) }),
      node('cart', { 'latency-90': flat(5), workload: flat(8) }),
      node('fx', { 'latency-90': flat(5), workload: flat(8) }),
      node('tax', { 'latency-90': flat(5), workload: flat(1) }),
      node('checkout', { 'latency-90': s(200, 650, 800, 300, 700, 1100, 1100, 1100), workload: flat(1) }),
    ];
    const edges: [string, string, number][] = [
      ['web', 'cart', 100],
      ['web', 'fx', 100],
      ['checkout', 'cart', 2],
      ['checkout', 'tax', 1],
    ];
    const scores = localScores(nodes, topo(edges), ONSET);
    expect(scores.map((x) => x.node)).toEqual(['cart', 'fx', 'web']);
    expect(scores[0].score).toBeCloseTo(20 + 450 / 518.91, 2);
    expect(scores[1].score).toBe(20);
    expect(scores[0].why[1]).toBe('its caller checkout slowed part of the way (0.9 noise scales) while its own latency did not');
  });

  it('blames the caller whose callees lost their traffic while its own traffic held', () => {
    const nodes = [
      node('checkout', { 'latency-90': flat(400), workload: flat(0.3) }),
      node('email', { 'latency-90': s(5, 5, 5, 5, 5, NaN, NaN, NaN), workload: s(0.3, 0.3, 0.3, 0.3, 0.3, 0, 0, 0) }),
      node('payment', { 'latency-90': s(5, 5, 5, 5, 5, NaN, NaN, NaN), workload: s(0.3, 0.3, 0.3, 0.3, 0.3, 0, 0, 0) }),
    ];
    const scores = localScores(nodes, topo([['checkout', 'email', 1], ['checkout', 'payment', 1]]), ONSET);
    expect(scores.map((x) => [x.node, x.faultType])).toEqual([['checkout', 'errors']]);
    expect(scores[0].why[0]).toBe('traffic into 2 of its 2 callees fell while its own did not');
  });

  it('keeps a slowdown at home when a slowed callee added at least half its time, and names resource rises', () => {
    const nodes = [
      node('web', { 'latency-90': s(100, 104, 98, 101, 99, 300, 310, 305) }),
      node('cart', { 'latency-90': s(10, 10, 10, 10, 10, 200, 210, 205), cpu: s(5, 5.2, 4.9, 5.1, 5, 60, 62, 61) }),
    ];
    const scores = localScores(nodes, topo([['web', 'cart', 10]]), ONSET);
    expect(scores.map((x) => [x.node, x.faultType])).toEqual([['cart', 'cpu']]);
  });

  it('lets a rarely called slowed callee explain the caller\'s tail only: the typical slowdown is handed on', () => {
    // web calls cart 100 times for each call to checkout. checkout slowed (400 → 560 ms) and added more than half of
    // web's extra time, but 1 call in 100 cannot lift web's p90 from 100 to 300 ms: web's slowdown is its own or
    // cart's, whose delay only callers see.
    const nodes = [
      node('web', { 'latency-90': s(100, 104, 98, 101, 99, 300, 310, 305) }),
      node('cart', { 'latency-90': flat(5) }),
      node('checkout', { 'latency-90': s(400, 408, 392, 404, 396, 560, 560, 560) }),
    ];
    const scores = localScores(nodes, topo([['web', 'cart', 100], ['web', 'checkout', 1]]), ONSET);
    // web: z capped at 20 (scale = 10% of 100 ms); cart gets all of it (its only caller slowed), web keeps 35 %;
    // checkout: (560 − 400) / 40 = 4 noise scales of its own.
    expect(scores.map((x) => [x.node, x.score])).toEqual([['cart', 20], ['web', 7], ['checkout', 4]]);
    expect(scores[0].faultType).toBe('network');
  });

  it('does not call a callee a victim when it lost no more traffic than its caller (a throttled closed loop)', () => {
    // web slowed 5× and, the load generator waiting on it, both web and fx lost half their traffic: fx is still a
    // candidate for the delay web sees, and web is not blamed for "traffic into its callees fell".
    const nodes = [
      node('web', { 'latency-90': s(100, 104, 98, 101, 99, 500, 520, 510), workload: s(10, 10.2, 9.8, 10.1, 9.9, 5, 5, 5) }),
      node('fx', { 'latency-90': flat(80), workload: s(20, 20.4, 19.6, 20.2, 19.8, 10, 10, 10) }),
    ];
    const scores = localScores(nodes, topo([['web', 'fx', 10]]), ONSET);
    expect(scores.map((x) => [x.node, x.score, x.faultType])).toEqual([['fx', 20, 'network'], ['web', 7, 'latency']]);
  });

  it('reads a cpu rise its traffic carries as load, and a cpu fall with traffic held as less work per request', () => {
    // 1-minute rows: web serves 120 → 240 requests a minute and its cpu doubles with them (per request flat);
    // api's cpu doubles on flat traffic; old's cpu falls to a quarter on flat traffic (returns early); mail is
    // called 18 times a minute, too few to read cpu per request, so its rise stays a cpu rise.
    const nodes = [
      node('web', { workload: s(2, 2.04, 1.96, 2.02, 1.98, 4, 4.08, 4), cpu: s(20, 20.4, 19.6, 20.2, 19.8, 40, 40.8, 40) }),
      node('api', { workload: flat(2), cpu: s(20, 20.4, 19.6, 20.2, 19.8, 40, 40.8, 40) }),
      node('old', { workload: flat(2), cpu: s(40, 40.8, 39.2, 40.4, 39.6, 10, 10.2, 10) }),
      node('mail', { workload: s(0.3, 0.3, 0.3, 0.3, 0.3, 0.6, 0.6, 0.6), cpu: s(2, 2.04, 1.96, 2.02, 1.98, 4, 4.08, 4) }),
    ];
    const scores = localScores(nodes, topo([]), ONSET);
    expect(scores.find((x) => x.node === 'web')).toBeUndefined();
    expect(scores.find((x) => x.node === 'api')).toMatchObject({ faultType: 'cpu' });
    expect(scores.find((x) => x.node === 'mail')).toMatchObject({ faultType: 'cpu' });
    // old: (10 − 40) / (15 % of 40) = −5 noise scales, weighed as a drop (× 0.5).
    const old = scores.find((x) => x.node === 'old');
    expect(old).toMatchObject({ faultType: 'errors', score: 2.5 });
    expect(old?.why).toEqual(['cpu fell 5.0 noise scales while its traffic held: less work per request']);
  });

  it('reads bucketed latency quantiles and counted rates with their own noise', () => {
    // A 5 ms service's p99, interpolated between the 5 and 10 ms buckets, wanders by 4 ms: with the baseline's
    // largest value (9) set aside, 5, 5, 5, 8 has no spread to speak of, and the 2 ms floor keeps 9 ms at
    // (9 − 5) / 2 = 2 noise scales, no change.
    expect(changeZ(s(5, 8, 5, 9, 5, 9, 7, 9), ONSET, 'latency-99')).toBeCloseTo(2, 6);
    // 0.3 req/s counted over a minute is 18 requests: Poisson noise √18 / 60 req/s.
    expect(countNoise(0.3, 60)).toBeCloseTo(0.070711, 5);
    expect(countNoise(0, 60)).toBe(0);
  });

  it('sets one spike of a short latency baseline aside, as it reads the change by its 2nd largest value', () => {
    // A caller's p90 over 4 baseline minutes with one slow request's spike (1600 ms), then a delay: 950, 940, 1300,
    // 950. Read over all four points the level is 800 (upper median) and the noise 1.4826 × MAD 400 = 593 ms: the
    // 2nd largest rise is (950 − 800) / 593 = 0.25, no change. Without the spike: 400, 450, 800, level 450, noise
    // IQR 200 / 1.349 = 148.3 ms (MAD 50 gives 74): (950 − 450) / 148.3 = 3.37, a change.
    expect(changeZ(s(400, 800, 450, 1600, 950, 940, 1300, 950), 4, 'latency-90')).toBeCloseTo(500 / (200 / 1.349), 6);
    // Other signals keep every baseline point (a request rate's burst is its noise): 0.8 → 0.95 req/s over a
    // baseline of 0.4, 0.8, 0.45, 1.6 is (0.95 − 0.8) / (1.4826 × 0.4) = 0.25.
    expect(changeZ(s(0.4, 0.8, 0.45, 1.6, 0.95, 0.94, 1.3, 0.95), 4, 'workload', 60)).toBeCloseTo(0.15 / (1.4826 * 0.4), 6);
    // Six baseline points or more: MAD alone, with every point (the spike is one of six): level 450, MAD 50.
    expect(changeZ(s(400, 800, 450, 1600, 420, 430, 950, 940, 1300, 950), 6, 'latency-90')).toBeCloseTo((950 - 450) / (1.4826 * 50), 6);
  });

  it('always ranks: changes under the noise bar give a weak, low-confidence answer that says so', () => {
    const input: CausalInput = {
      times: [0, 1, 2, 3, 4, 5, 6, 7].map((i) => i * 60_000),
      nodes: [node('web', { 'latency-90': s(100, 110, 95, 105, 100, 112, 113, 112) }), node('cart', { 'latency-90': flat(10) })],
      edges: [{ from: 'web', to: 'cart' }],
      onsetHintMs: 5 * 60_000,
    };
    const r = rankCausal(input);
    expect(r.causes.length).toBeGreaterThan(0);
    expect(r.causes[0].evidence[0]).toMatch(/^weak evidence/);
    expect(r.causes[0].score).toBeLessThanOrEqual(0.2);
  });
});
