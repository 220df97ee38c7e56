import { describe, expect, it } from 'vitest';
import { CALLERS_OPERATION, type Anomaly, type FeatureWindow, type ModelScorer } from '../../../src/core/index.js';
import type { Detector } from '../../../src/core/detector.js';
import { createEnsembleDetector, type SeasonalRunRule } from '../../../src/detectors/learned/ensemble.js';
import { createLearnedDetector } from '../../../src/detectors/learned/learned-detector.js';
import { RESIDUAL_FEATURE_NAMES } from '../../../src/detectors/learned/residuals.js';
import { fw, MIN, T0 } from '../rows.js';
import { cpuResidualScorer, scriptedSeasonal } from './fake-scorer.js';

const at = (i: number, cpu: number): FeatureWindow => fw(T0 + i * MIN, { cpu });
const iso = (i: number) => new Date(T0 + i * MIN).toISOString();

/** A sequence model that always scores `value` (threshold 4 below: strength value / 4). */
const constantScorer = (value: number): ModelScorer => ({
  schema: { schemaVersion: 1, features: RESIDUAL_FEATURE_NAMES },
  score: async (_input, rows) => new Float32Array(rows).fill(value),
});

/**
 * Default weights (seasonal 0.5, iforest 1, sequence 0.5; fire at 2.5; cap 3; 2 windows to confirm; a seasonal run
 * of 3 windows fires when the forest's strength is at least 0.25). The iforest's
 * score is the cpu residual (history flat at 0.1, noise floor 0.03: cpu 0.25 → z 5, cpu ≥ 0.4 → z clipped at 10,
 * cpu 0 → z −3.33), threshold 4. The scripted seasonal detector reports a p95 anomaly of score `seasonal.get(i)`.
 */
async function run(cpus: number[], seasonal: Record<number, number>, sequenceScore?: number, seasonalRun?: SeasonalRunRule | null): Promise<Anomaly[]> {
  const learned = [createLearnedDetector({ kind: 'iforest', modelId: 'iforest-v1', scorer: cpuResidualScorer(), threshold: 4 })];
  if (sequenceScore !== undefined) learned.push(createLearnedDetector({ kind: 'sequence', modelId: 'sequence-v1', scorer: constantScorer(sequenceScore), threshold: 4 }));
  const e = createEnsembleDetector({ seasonal: scriptedSeasonal(new Map(Object.entries(seasonal).map(([i, s]) => [T0 + Number(i) * MIN, s]))), learned, seasonalRun });
  e.warm([0, 1, 2, 3, 4].map((i) => at(i, 0.1)));
  const out: Anomaly[] = [];
  for (let k = 0; k < cpus.length; k++) {
    const row = at(5 + k, cpus[k]!);
    await e.prepare!([row]);
    out.push(...e.observe([row]));
  }
  return out;
}

describe('ensemble: fused strengths, confirmed', () => {
  it('two seasonal windows alone do not fire, even at its cap (0.5 · 3 = 1.5 < 2.5, a run of 2 < 3)', async () => {
    expect(await run([0.1, 0.1, 0.1], { 5: 40, 6: 40 })).toEqual([]);
  });

  it('a learned model just over its threshold cannot fire alone (1 · 5/4 = 1.25 < 2.5)', async () => {
    expect(await run([0.25, 0.25, 0.25], {})).toEqual([]);
  });

  it('a forest at 2.5× its threshold fires alone after 2 windows (1 · 10/4 = 2.5), scored 4 · 2.5 / 2.5 = 4', async () => {
    const out = await run([0.5, 0.5], {});
    expect(out.map((a) => a.windowStart)).toEqual([iso(5), iso(6)]);
    expect(out[0]).toMatchObject({ feature: 'cpu', direction: 'up', value: 0.5, score: 4 });
    expect(out[0]!.detectors).toEqual([
      { detector: 'seasonal', score: 0, threshold: 4, fired: false, reason: 'within its baseline' },
      { detector: 'iforest', model: 'iforest-v1', score: 10, threshold: 4, fired: true, reason: 'cpu +10.0σ' },
    ]);
  });

  it('agreement fires: seasonal 12 (0.5 · 3 = 1.5) and forest z 5 (1.25) make 2.75; the seasonal anomalies carry both votes', async () => {
    const out = await run([0.25, 0.25], { 5: 12, 6: 12 });
    expect(out.map((a) => [a.windowStart, a.feature, a.score])).toEqual([
      [iso(5), 'p95Ms', 12],
      [iso(6), 'p95Ms', 12],
    ]);
    expect(out[0]!.detectors!.map((v) => [v.detector, v.fired])).toEqual([
      ['seasonal', true],
      ['iforest', true],
    ]);
  });

  it('weak agreement does not: seasonal 8 (1.0) and forest z 5 (1.25) make 2.25', async () => {
    expect(await run([0.25, 0.25], { 5: 8, 6: 8 })).toEqual([]);
  });

  it('one fused window is not confirmed: nothing is emitted when the next window is normal', async () => {
    expect(await run([0.25, 0.1, 0.1], { 5: 12 })).toEqual([]);
  });

  it('a plainly normal forest score votes against: seasonal 1.5 + sequence 0.5 · 10/4 = 2.75 fires, with the forest at z −3.33 (−0.83) it does not', async () => {
    const fired = await run([0.1, 0.1], { 5: 12, 6: 12 }, 10);
    expect(fired.map((a) => a.windowStart)).toEqual([iso(5), iso(6)]);
    expect(fired[0]!.detectors!.map((v) => v.detector)).toEqual(['seasonal', 'iforest', 'sequence']);
    expect(await run([0, 0], { 5: 12, 6: 12 }, 10)).toEqual([]);
  });
});

describe('ensemble: a confirmed seasonal run fires when the forest leans towards it', () => {
  it('3 seasonal windows in a row with the forest at z 1.33 (strength 0.33 ≥ 0.25) fire, emitting the run from its onset', async () => {
    const out = await run([0.14, 0.14, 0.14], { 5: 8, 6: 8, 7: 8 });
    expect(out.map((a) => [a.windowStart, a.feature, a.score])).toEqual([
      [iso(5), 'p95Ms', 8],
      [iso(6), 'p95Ms', 8],
      [iso(7), 'p95Ms', 8],
    ]);
    expect(out[2]!.detectors![0]).toEqual({ detector: 'seasonal', score: 8, threshold: 4, fired: true, reason: 'p95Ms; 3 windows in a row' });
    expect(out[2]!.detectors![1]).toMatchObject({ detector: 'iforest', fired: false });
  });

  it('two windows are not a run', async () => {
    expect(await run([0.14, 0.14, 0.1], { 5: 8, 6: 8 })).toEqual([]);
  });

  it('a neutral forest (z 0) blocks it, and so does one voting against (cpu 0: strength −0.83)', async () => {
    expect(await run([0.1, 0.1, 0.1, 0.1], { 5: 40, 6: 40, 7: 40, 8: 40 })).toEqual([]);
    expect(await run([0, 0, 0, 0], { 5: 40, 6: 40, 7: 40, 8: 40 })).toEqual([]);
  });

  it('a normal window in between restarts the count', async () => {
    expect(await run([0.14, 0.14, 0.14, 0.14, 0.14], { 5: 8, 6: 8, 8: 8, 9: 8 })).toEqual([]);
  });

  it('a missing window (a gap in the series) restarts the count too', async () => {
    const e = createEnsembleDetector({ seasonal: scriptedSeasonal(new Map([5, 6, 8, 9].map((i) => [T0 + i * MIN, 8]))), learned: [] });
    const out: Anomaly[] = [];
    for (const i of [5, 6, 8, 9]) out.push(...e.observe([at(i, 0.1)]));
    expect(out).toEqual([]);
  });

  it('a run of throughput anomalies alone does not count (a traffic shift is the forest\'s to judge)', async () => {
    const seasonal = (feature: Anomaly['feature']) => scriptedSeasonal(new Map([0, 1, 2, 3].map((i) => [T0 + i * MIN, 8])), feature);
    const emitted = async (feature: Anomaly['feature']) => {
      const e = createEnsembleDetector({ seasonal: seasonal(feature), learned: [] });
      return [0, 1, 2, 3].flatMap((i) => e.observe([at(i, 0.1)]));
    };
    expect(await emitted('throughput')).toEqual([]);
    expect((await emitted('selfMs')).map((a) => a.windowStart)).toEqual([iso(0), iso(1), iso(2), iso(3)]);
  });

  it('a forest that abstains (still warming up) does not block it', async () => {
    const forest = createLearnedDetector({ kind: 'iforest', modelId: 'iforest-v1', scorer: cpuResidualScorer(), threshold: 4 });
    const e = createEnsembleDetector({ seasonal: scriptedSeasonal(new Map([0, 1, 2].map((i) => [T0 + i * MIN, 8]))), learned: [forest] });
    const out: Anomaly[] = [];
    for (const i of [0, 1, 2]) {
      await e.prepare!([at(i, 0.1)]);
      expect(forest.scores.size).toBe(0); // the residuals need 5 windows of history
      out.push(...e.observe([at(i, 0.1)]));
    }
    expect(out.map((a) => a.windowStart)).toEqual([iso(0), iso(1), iso(2)]);
  });

  it('a window held by both the fused streak and the seasonal run is emitted once', async () => {
    // 5: seasonal 8 alone (1.0); 6 and 7: seasonal 12 + forest z 5 (2.75, fused) — 7 confirms both runs.
    const out = await run([0.1, 0.25, 0.25], { 5: 8, 6: 12, 7: 12 });
    expect(out.map((a) => a.windowStart)).toEqual([iso(5), iso(6), iso(7)]);
  });

  it('seasonalRun null turns the rule off', async () => {
    expect(await run([0.14, 0.14, 0.14, 0.14], { 5: 8, 6: 8, 7: 8, 8: 8 }, undefined, null)).toEqual([]);
  });
});

describe('ensemble: the wire-time check on a service\'s callers\' view', () => {
  /** The seasonal detector's wire-time verdict: a p50Ms anomaly of the callers' row on the listed windows, nothing on the service. */
  const wireSeasonal = (windows: number[]): Detector => ({
    name: 'seasonal',
    warm() {},
    observe: (rows) => rows
      .filter((r) => r.operation === CALLERS_OPERATION && windows.includes(r.windowStart))
      .map((r) => ({ service: r.service, operation: r.operation, feature: 'p50Ms', windowStart: new Date(r.windowStart).toISOString(), value: 180, baseline: 30, score: 8, direction: 'up' })),
  });
  /** The service (cpu steady: the forest neutral on it) and its callers' view, whose own columns hold no cpu. */
  const pair = (i: number): FeatureWindow[] => [at(i, 0.1), { ...at(i, 0.1), operation: CALLERS_OPERATION, cpu: null }];

  it('fires after 3 windows in a row, from the onset: the learned models abstain on that row, so a neutral forest cannot block it', async () => {
    const forest = createLearnedDetector({ kind: 'iforest', modelId: 'iforest-v1', scorer: cpuResidualScorer(), threshold: 4 });
    const e = createEnsembleDetector({ seasonal: wireSeasonal([6, 7, 8].map((i) => T0 + i * MIN)), learned: [forest] });
    e.warm([0, 1, 2, 3, 4].flatMap(pair));
    const out: Anomaly[] = [];
    for (const i of [5, 6, 7, 8, 9]) {
      await e.prepare!(pair(i));
      expect([...forest.scores.keys()].every((k) => !k.includes(CALLERS_OPERATION))).toBe(true);
      out.push(...e.observe(pair(i)));
    }
    expect(out.map((a) => [a.operation, a.windowStart, a.feature])).toEqual([6, 7, 8].map((i) => [CALLERS_OPERATION, iso(i), 'p50Ms']));
    expect(out[2]!.detectors![0]!.reason).toBe('p50Ms; 3 windows in a row');
  });
});
