import { describe, expect, it } from 'vitest';
import { CALLERS_OPERATION, type FeatureWindow } from '../../../src/core/index.js';
import { createLearnedDetector } from '../../../src/detectors/learned/learned-detector.js';
import { fw, MIN, T0 } from '../rows.js';
import { cpuResidualScorer } from './fake-scorer.js';

const at = (i: number, cpu: number): FeatureWindow => fw(T0 + i * MIN, { cpu });

async function step(d: ReturnType<typeof createLearnedDetector>, row: FeatureWindow) {
  await d.prepare!([row]);
  return d.observe([row]);
}

describe('learned detector (fake scorer: score = cpu residual, threshold 4)', () => {
  it('emits only after 2 anomalous windows in a row, the held onset included, with its vote as evidence', async () => {
    const scorer = cpuResidualScorer();
    const d = createLearnedDetector({ kind: 'iforest', modelId: 'iforest-v1', scorer, threshold: 4 });
    d.warm([0, 1, 2, 3, 4].map((i) => at(i, 0.1)));
    expect(await step(d, at(5, 0.1))).toEqual([]); // z 0
    // flat history, floor 0.03: (0.25 − 0.1) / 0.03 = 5 ≥ 4, but one window is not enough
    expect(await step(d, at(6, 0.25))).toEqual([]);
    const out = await step(d, at(7, 0.25));
    expect(out.map((a) => a.windowStart)).toEqual([new Date(T0 + 6 * MIN).toISOString(), new Date(T0 + 7 * MIN).toISOString()]);
    const a = out[1]!;
    expect(a.feature).toBe('cpu');
    expect(a.direction).toBe('up');
    expect(a.value).toBe(0.25);
    expect(a.baseline).toBeCloseTo(0.1, 6);
    expect(a.score).toBeCloseTo(5, 4); // 4 · 5 / 4
    expect(a.detectors).toHaveLength(1);
    expect(a.detectors![0]).toMatchObject({ detector: 'iforest', model: 'iforest-v1', threshold: 4, fired: true, reason: 'cpu +5.0σ' });
    expect(a.detectors![0]!.score).toBeCloseTo(5, 4);
    // a normal window breaks the run: the next anomalous one is held again
    expect(await step(d, at(8, 0.1))).toEqual([]);
    expect(await step(d, at(9, 0.25))).toEqual([]);
    // one model call per prepared batch; warm-up windows were never scored
    expect(scorer.calls).toEqual([1, 1, 1, 1, 1]);
  });

  it('scores every service of a closed window in one batch', async () => {
    const scorer = cpuResidualScorer();
    const d = createLearnedDetector({ kind: 'iforest', modelId: 'm', scorer, threshold: 4 });
    const services = ['a', 'b', 'c'];
    for (let i = 0; i < 5; i++) d.warm(services.map((s) => ({ ...at(i, 0.1), service: s })));
    await d.prepare!(services.map((s) => ({ ...at(5, 0.1), service: s })));
    expect(scorer.calls).toEqual([3]);
    expect(d.scores.size).toBe(3);
  });

  it('never scores a service\'s callers\' view (client spans only: judged by wire time alone), only the service\'s rows', async () => {
    const scorer = cpuResidualScorer();
    const d = createLearnedDetector({ kind: 'iforest', modelId: 'm', scorer, threshold: 4 });
    const pair = (i: number, cpu: number) => [at(i, cpu), { ...at(i, 0.9), operation: CALLERS_OPERATION }];
    for (let i = 0; i < 5; i++) d.warm(pair(i, 0.1));
    await d.prepare!(pair(5, 0.25));
    expect(scorer.calls).toEqual([1]);
    expect([...d.scores.values()].map((s) => s.vector.row.operation)).toEqual(['']);
    expect(d.observe(pair(5, 0.25))).toEqual([]);
    await d.prepare!(pair(6, 0.25));
    expect(d.observe(pair(6, 0.25)).map((a) => a.operation)).toEqual(['', '']); // the service's run of 2, nothing of its callers' view
  });

  it('refuses a model trained on another feature list', () => {
    const scorer = { ...cpuResidualScorer(), schema: { schemaVersion: 1, features: ['throughput', 'cpu'] } };
    expect(() => createLearnedDetector({ kind: 'iforest', modelId: 'old', scorer, threshold: 4 })).toThrow(/trained on features \[throughput, cpu\]/);
  });
});
