/** The simulator's diverse profile: heavy tails, rare services, traffic-mix shifts; the classic profile unchanged. */
import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../src/core/telemetry.js';
import { createSimulation } from '../../src/sim/simulation.js';
import { diversifyTopology } from '../../src/sim/heavy-tails.js';
import { buildTopology } from '../../src/sim/topology.js';
import { mixedWeights } from '../../src/sim/traffic-mix.js';
import { START } from './sim-helpers.js';

const serverDurations = (spans: { kind: number; service: string; startMs: number; endMs: number }[], service: string) =>
  spans.filter((s) => s.kind === SpanKind.SERVER && s.service === service).map((s) => s.endMs - s.startMs).sort((a, b) => a - b);

describe('diverse simulator profile', () => {
  it('leaves the classic profile byte-for-byte as it was (profile unset = classic)', () => {
    expect(createSimulation({ seed: 5, startMs: START, profile: 'classic' }).minute(2)).toEqual(createSimulation({ seed: 5, startMs: START }).minute(2));
  });

  it('makes some services heavy-tailed and some rare, and says which', () => {
    const topo = buildTopology(11, 20);
    const plan = diversifyTopology(11, topo);
    expect(plan.heavyTailed.length).toBeGreaterThanOrEqual(1);
    expect(plan.lowTraffic.length).toBeGreaterThanOrEqual(1);
    for (const name of plan.heavyTailed) expect(topo.services.find((s) => s.name === name)!.operations.every((op) => op.tail && op.sigma >= 0.8)).toBe(true);
    // Rare: at most 0.02 visits per entry request (about 2 a minute at the default 120 requests a minute).
    for (const name of plan.lowTraffic) expect(topo.services.find((s) => s.name === name)!.visitsPerRequest).toBeLessThanOrEqual(0.02);
  });

  it('a heavy-tailed service has a far longer tail than in the classic run of the same seed', () => {
    const topo = buildTopology(11, 20);
    const heavy = diversifyTopology(11, topo).heavyTailed[0]!;
    const spread = (profile: 'classic' | 'diverse') => {
      const sim = createSimulation({ seed: 11, startMs: START, services: 20, profile });
      const d = serverDurations(Array.from({ length: 10 }, (_, i) => sim.minute(i).spans).flat(), heavy);
      return d[Math.floor(d.length * 0.99)]! / d[Math.floor(d.length * 0.5)]!;
    };
    expect(spread('diverse')).toBeGreaterThan(2 * spread('classic'));
  });

  it('shifts the mix of entry operations over tens of minutes', () => {
    const waves = [{ amplitude: 0.5, periodMinutes: 60, phase: 0 }, { amplitude: 0.5, periodMinutes: 60, phase: Math.PI }];
    expect(mixedWeights([1, 1], waves, 0)).toEqual([1, 1]);
    const [a, b] = mixedWeights([1, 1], waves, 15);
    expect(a! / b!).toBeCloseTo(Math.exp(1), 6);
  });
});
