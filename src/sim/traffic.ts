import { rng, tag } from './random.js';

export interface TrafficShape {
  seed: number;
  startMs: number;
  ratePerMinute: number;
  diurnalAmplitude: number;
  rateNoise: number;
  burstProbability: number;
}

const DAY_MS = 86_400_000;
/** Hour of day (UTC, event time) at which the diurnal curve peaks. */
const PEAK_HOUR = 14;

/** Expected entry requests for minute i: mean rate × 24 h sinusoid × harmless bursts (before noise). */
export function meanRate(shape: TrafficShape, i: number): number {
  const mid = shape.startMs + i * 60_000 + 30_000;
  const phase = ((mid % DAY_MS) / DAY_MS - PEAK_HOUR / 24) * 2 * Math.PI;
  return shape.ratePerMinute * (1 + shape.diurnalAmplitude * Math.cos(phase)) * burstFactor(shape, i);
}

/** Entry requests in minute i: the mean rate with per-minute log-normal noise and Poisson counts. */
export function entryRequests(shape: TrafficShape, i: number): number {
  const r = rng(shape.seed, tag('traffic'), i);
  return r.poisson(meanRate(shape, i) * Math.exp(shape.rateNoise * r.normal()));
}

/** A burst starting at minute j lasts 1–3 minutes; decided per start minute so any minute is computable alone. */
export function burstFactor(shape: TrafficShape, i: number): number {
  for (let j = i; j > i - 3; j--) {
    const r = rng(shape.seed, tag('burst'), j);
    if (!r.chance(shape.burstProbability)) continue;
    const length = r.int(1, 3);
    const mult = r.uniform(1.4, 2);
    if (i - j < length) return mult;
  }
  return 1;
}
