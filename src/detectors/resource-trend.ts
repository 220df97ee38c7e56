/**
 * Memory leak or cpu contention? A node whose resources moved at a fault's onset is classified by the SHAPE of the
 * change, not only its size. A leak is memory climbing window after window while cpu stays flat or rises mildly
 * (garbage collection works harder); contention is cpu jumping to a new level while memory stays put. Comparing
 * the two changes' z-scores alone fails on leaks: memory is far less noisy than cpu, both z-scores hit the same cap,
 * and a tie went to cpu (23 of 25 Sock Shop memory leaks were called `cpu`). Pure: arrays in, a kind out.
 */
import type { FeatureWindow } from '../core/index.js';
import { median } from '../core/stats.js';

export type ResourceKind = 'memory' | 'cpu';

/** Kendall's tau of the post-onset memory against time at or above which memory "climbs steadily". */
export const LEAK_TREND_TAU = 0.6;
/** Post-onset windows needed to call a trend (fewer: no trend can be told from noise). */
export const LEAK_MIN_POINTS = 4;
/** Memory must end this share above its pre-onset median for a leak (a flat series with a tiny drift is no leak). */
export const LEAK_MIN_RISE = 0.05;
/** cpu's post-onset median up to this multiple of its pre-onset median is "flat or mildly up". */
export const CPU_MILD_RATIO = 1.5;

/**
 * `memory` when memory climbs steadily after `onset` (Kendall's tau ≥ 0.6 over ≥ 4 windows, ending ≥ 5 % above
 * its pre-onset median) and cpu is flat or mildly up (post/pre median ≤ 1.5) or rose less than memory did,
 * relatively; otherwise the larger of the two z-scores (`cpuZ`, `memZ`, the caller's change scores) wins, cpu on a
 * tie. Missing values (null, NaN) are skipped.
 */
export function leakOrContention(
  cpu: ArrayLike<number | null> | undefined,
  memory: ArrayLike<number | null> | undefined,
  onset: number,
  cpuZ: number,
  memZ: number,
): ResourceKind {
  const memPre = finiteSlice(memory, 0, onset);
  const memPost = finiteSlice(memory, onset);
  if (memPre.length && memPost.length >= LEAK_MIN_POINTS) {
    const base = median(memPre);
    const memRise = base > 0 ? memPost[memPost.length - 1] / base - 1 : 0;
    const climbing = kendallTau(memPost) >= LEAK_TREND_TAU && memRise >= LEAK_MIN_RISE;
    if (climbing) {
      const cpuPre = finiteSlice(cpu, 0, onset);
      const cpuPost = finiteSlice(cpu, onset);
      const cpuBase = cpuPre.length ? median(cpuPre) : NaN;
      const cpuRatio = cpuBase > 0 && cpuPost.length ? median(cpuPost) / cpuBase : 1;
      if (cpuRatio <= CPU_MILD_RATIO || cpuRatio - 1 <= memRise) return 'memory';
    }
  }
  return cpuZ >= memZ ? 'cpu' : 'memory';
}

/** The same decision from a node's 1-minute feature rows (service-level), with the change scores given. */
export function leakOrContentionOfRows(rows: readonly FeatureWindow[], onsetMs: number, cpuZ: number, memZ: number): ResourceKind {
  const ordered = [...rows].sort((a, b) => a.windowStart - b.windowStart);
  const onset = ordered.findIndex((r) => r.windowStart >= onsetMs);
  const at = onset < 0 ? ordered.length : onset;
  return leakOrContention(ordered.map((r) => r.cpu), ordered.map((r) => r.memory), at, cpuZ, memZ);
}

/** Kendall's tau-a of a series against its index: +1 strictly rising, −1 strictly falling, ~0 no trend. */
export function kendallTau(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += Math.sign(values[j] - values[i]);
  return s / ((n * (n - 1)) / 2);
}

function finiteSlice(values: ArrayLike<number | null> | undefined, from: number, to = values?.length ?? 0): number[] {
  const out: number[] = [];
  if (!values) return out;
  for (let i = Math.max(0, from); i < Math.min(to, values.length); i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  }
  return out;
}
