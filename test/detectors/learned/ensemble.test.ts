import { describe, expect, it } from 'vitest';
import type { Anomaly, FeatureWindow } from '../../../src/core/index.js';
import { createEnsembleDetector } from '../../../src/detectors/learned/ensemble.js';
import { createLearnedDetector } from '../../../src/detectors/learned/learned-detector.js';
import { fw, MIN, T0 } from '../rows.js';
import { cpuResidualScorer, scriptedSeasonal } from './fake-scorer.js';

const at = (i: number, cpu: number): FeatureWindow => fw(T0 + i * MIN, { cpu });
const iso = (i: number) => new Date(T0 + i * MIN).toISOString();

/** Default weights (seasonal 0.5, iforest 0.25, fire at 0.5); seasonal fires (score 4 = strength 1) on `seasonalAt`. */
async function run(cpus: number[], seasonalAt: number[]): Promise<Anomaly[]> {
  const e = createEnsembleDetector({
    seasonal: scriptedSeasonal(new Map(seasonalAt.map((i) => [T0 + i * MIN, 4]))),
    learned: [createLearnedDetector({ kind: 'iforest', modelId: 'iforest-v1', scorer: cpuResidualScorer(), threshold: 4 })],
  });
  e.warm([0, 1, 2, 3, 4].map((i) => at(i, 0.1)));
  const out: Anomaly[] = [];
  for (let k = 0; k < cpus.length; k++) {
    const row = at(5 + k, cpus[k]!);
    await e.prepare!([row]);
    out.push(...e.observe([row]));
  }
  return out;
}

describe('ensemble voting', () => {
  it('seasonal alone (0.5 · 1 = 0.5 ≥ 0.5) fires at once and carries both votes', async () => {
    const out = await run([0.1, 0.1], [5]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ feature: 'p95Ms', windowStart: iso(5), score: 4 });
    expect(out[0]!.detectors).toEqual([
      { detector: 'seasonal', score: 4, threshold: 4, fired: true, reason: 'p95Ms' },
      { detector: 'iforest', model: 'iforest-v1', score: 0, threshold: 4, fired: false, reason: 'no single feature stands out' },
    ]);
  });

  it('a learned model just over its threshold cannot fire alone (0.25 · 5/4 = 0.3125 < 0.5)', async () => {
    expect(await run([0.25, 0.25, 0.25], [])).toEqual([]);
  });

  it('a strong learned vote fires alone after 2 windows (0.25 · 10/4 = 0.625), scored 4 · 0.625 / 0.5 = 5', async () => {
    // cpu 0.5 on a flat 0.1 history: z clipped at 10
    const out = await run([0.5, 0.5], []);
    expect(out.map((a) => a.windowStart)).toEqual([iso(5), iso(6)]);
    expect(out[0]).toMatchObject({ feature: 'cpu', direction: 'up', value: 0.5 });
    expect(out[0]!.score).toBeCloseTo(5, 6);
    expect(out[0]!.detectors).toEqual([
      { detector: 'seasonal', score: 0, threshold: 4, fired: false, reason: 'within its baseline' },
      { detector: 'iforest', model: 'iforest-v1', score: 10, threshold: 4, fired: true, reason: 'cpu +10.0σ' },
    ]);
  });

  it('both firing: the seasonal anomaly is emitted with both votes marked fired', async () => {
    const out = await run([0.5], [5]);
    expect(out).toHaveLength(1);
    expect(out[0]!.feature).toBe('p95Ms');
    expect(out[0]!.detectors!.map((v) => [v.detector, v.fired])).toEqual([
      ['seasonal', true],
      ['iforest', true],
    ]);
  });
});
