/**
 * Traffic-mix shifts (the `diverse` profile): each entry operation's share of requests drifts on its own slow
 * wave, so the callers of a shared node change their share of its calls over tens of minutes, and a node whose
 * operations differ in latency sees its blended latency move with the mix. No fault: nothing got slower.
 */
import { rng, tag } from './random.js';

export interface MixWave {
  amplitude: number;
  periodMinutes: number;
  phase: number;
}

/** One wave per entry operation: log-weight amplitude 0.4–0.9, period 30–150 minutes. */
export function mixWaves(seed: number, entryOps: number): MixWave[] {
  const r = rng(seed, tag('traffic-mix'));
  return Array.from({ length: entryOps }, () => ({ amplitude: r.uniform(0.4, 0.9), periodMinutes: r.uniform(30, 150), phase: r.uniform(0, 2 * Math.PI) }));
}

/** Entry weights for minute i: each base weight × exp(amplitude · sin(2π·i/period + phase)). */
export function mixedWeights(base: readonly number[], waves: readonly MixWave[], i: number): number[] {
  return base.map((w, k) => {
    const m = waves[k];
    return m ? w * Math.exp(m.amplitude * Math.sin((2 * Math.PI * i) / m.periodMinutes + m.phase)) : w;
  });
}
