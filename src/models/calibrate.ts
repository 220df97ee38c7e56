/**
 * Threshold calibration for the shipped learned models: the `quantile` of a model's scores over clean windows of
 * simulator streams — rows of fault-free runs, and rows before the fault of the others (from `scoreFrom` on, so
 * warm-up is excluded). The training script's own quantile is taken over its training rows (classic simulator runs),
 * which sit lower than the diverse profile's normal windows; calibrating on clean diverse windows targets the false
 * alarm rate where the detector runs. Only tuning seeds may be used (below 80000: held-out seeds start at 90001).
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { ModelKind } from '../core/index.js';
import type { LearnedDetector } from '../detectors/learned/learned-detector.js';
import { rowKey } from '../detectors/learned/learned-detector.js';
import type { LabelledStream } from './labelled-windows.js';

export const HELD_OUT_SEEDS_FROM = 80_000;

export interface Calibration {
  kind: ModelKind;
  quantile: number;
  threshold: number;
  windows: number;
  seeds: string;
}

/** Scores of clean windows, in stream order (the detector is fed every service-level row minute by minute). */
export async function cleanScores(make: () => Promise<LearnedDetector>, streams: readonly LabelledStream[]): Promise<number[]> {
  const scores: number[] = [];
  for (const s of streams) {
    const d = await make();
    const faultFrom = Math.min(...s.faults.map((f) => f.from));
    const byMinute = new Map<number, LabelledStream['rows']>();
    for (const r of s.rows) if (r.operation === '') byMinute.set(r.windowStart, [...(byMinute.get(r.windowStart) ?? []), r]);
    for (const minute of [...byMinute.keys()].sort((a, b) => a - b)) {
      const rows = byMinute.get(minute)!;
      await d.prepare(rows);
      if (minute < s.scoreFrom || minute >= faultFrom) continue;
      for (const r of rows) {
        const x = d.scores.get(rowKey(r));
        if (x) scores.push(x.score);
      }
    }
  }
  return scores;
}

/** The q-quantile by linear interpolation between order statistics (numpy's default), so it matches training. */
export function quantileOf(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('no clean windows to calibrate on');
  if (!(q > 0 && q < 1)) throw new RangeError(`quantile must be in (0, 1), got ${q}`);
  const a = [...values].sort((x, y) => x - y);
  const pos = q * (a.length - 1);
  const lo = Math.floor(pos);
  return a[lo]! + (a[Math.min(lo + 1, a.length - 1)]! - a[lo]!) * (pos - lo);
}

/** Writes a calibration into a model's sidecar (threshold and params.calibration), leaving the model bytes alone. */
export async function writeCalibration(sidecarPath: string, c: Calibration): Promise<void> {
  const s = JSON.parse(await readFile(sidecarPath, 'utf8')) as { threshold: number; params: Record<string, unknown> };
  s.threshold = c.threshold;
  s.params.calibration = { source: 'clean windows of diverse simulator runs', seeds: c.seeds, quantile: c.quantile, windows: c.windows };
  await writeFile(sidecarPath, `${JSON.stringify(s, null, 2)}\n`);
}
