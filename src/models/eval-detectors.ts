/**
 * `aiops eval detect --detector seasonal|iforest|sequence|ensemble[,…]`: the detectors side by side on the same
 * labelled streams — simulator seeds (diverse profile, every fault kind, every fifth run fault-free) and, when the
 * folder exists, the Nezha fault windows stitched per recording day. What each detector gets: the service-level
 * 1m windows and their callers' view in event-time order, nothing else (no fault time, no fault kind, no graph). Labels only score.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FAULT_KINDS } from '../core/fault-kinds.js';
import type { Detector } from '../core/detector.js';
import { runDetector, scoreRuns, type DetectorScores, type StreamRun } from './compare-detectors.js';
import { buildDetector, type DetectorMode } from './detector-stack.js';
import { nezhaStreams, type LabelledStream } from './labelled-windows.js';
import { simulatedStream } from './simulated-windows.js';

export const DETECTOR_EVAL_MODE = 'detectors see service-level 1m windows and their callers\' view (client spans into the service) only; point-wise P/R/F1 without point adjustment; event recall within fault +2 windows; false incidents per 100 service-hours';

export interface DetectorEvalOptions {
  detectors: DetectorMode[];
  seeds: number;
  fromSeed: number;
  nezhaDir?: string;
  /** Folder of simulated streams (`<seed>.json`): read when present, written after a simulation (a run takes minutes). */
  cacheDir?: string;
  executionProvider?: 'cpu' | 'cuda';
  progress?: (line: string) => void;
}

export interface DetectorEvalResult {
  simulator: Record<string, DetectorScores>;
  /** By stream set ("nezha all", then each recording day: 2022-08-22 tunes, 2022-08-23 is held out), then detector. */
  nezha: Record<string, Record<string, DetectorScores>> | null;
}

/**
 * Cached streams older than this format are simulated again: format 2 holds the callers' view rows (format 1, no
 * marker, held service-level rows only, and would hide what the wire-time check sees).
 */
export const STREAM_CACHE_FORMAT = 2;
type CachedStream = LabelledStream & { format?: number };

export async function simulatorStreams(seeds: number, fromSeed: number, progress?: (l: string) => void, cacheDir?: string): Promise<LabelledStream[]> {
  const out: LabelledStream[] = [];
  let faulty = 0;
  if (cacheDir) await mkdir(cacheDir, { recursive: true });
  for (let n = 0; n < seeds; n++) {
    const fault = n % 5 === 4 ? undefined : FAULT_KINDS[faulty++ % FAULT_KINDS.length];
    const cached = cacheDir ? join(cacheDir, `${fromSeed + n}.json`) : undefined;
    const hit = cached && existsSync(cached) ? (JSON.parse(await readFile(cached, 'utf8')) as CachedStream) : undefined;
    if (hit?.format === STREAM_CACHE_FORMAT) {
      out.push(hit);
      progress?.(`cached ${hit.name} (${hit.rows.length} rows)`);
      continue;
    }
    const s = await simulatedStream({ seed: fromSeed + n, fault });
    for (const r of s.rows) r.sketch = null; // detectors read no sketch; it would dominate the file
    if (cached) await writeFile(cached, JSON.stringify({ format: STREAM_CACHE_FORMAT, ...s } satisfies CachedStream));
    out.push(s);
    progress?.(`simulated ${s.name} (${s.rows.length} rows)`);
  }
  return out;
}

async function runAll(make: () => Promise<Detector>, streams: readonly LabelledStream[]): Promise<StreamRun[]> {
  const runs: StreamRun[] = [];
  // A fresh detector per stream: each stream is its own system.
  for (const s of streams) runs.push(await runDetector(await make(), s));
  return runs;
}

export async function runDetectorEval(o: DetectorEvalOptions): Promise<DetectorEvalResult> {
  const sim = await simulatorStreams(o.seeds, o.fromSeed, o.progress, o.cacheDir);
  const nezhaDir = o.nezhaDir && existsSync(o.nezhaDir) ? o.nezhaDir : undefined;
  const nezha = nezhaDir ? await nezhaStreams(nezhaDir) : null;
  const result: DetectorEvalResult = { simulator: {}, nezha: nezha ? {} : null };
  for (const mode of o.detectors) {
    const make = () => buildDetector(mode, {}, { executionProvider: o.executionProvider });
    result.simulator[mode] = scoreRuns(await runAll(make, sim));
    if (!nezha) continue;
    const runs = await runAll(make, nezha);
    const sets: [string, StreamRun[]][] = [['nezha all', runs], ...runs.map((r): [string, StreamRun[]] => [r.stream.name, [r]])];
    for (const [set, subset] of sets) {
      (result.nezha![set] ??= {})[mode] = scoreRuns(subset);
    }
  }
  return result;
}

export function formatScores(name: string, s: DetectorScores): string {
  return `${name.padEnd(9)} P ${s.precision.toFixed(3)}  R ${s.recall.toFixed(3)}  F1 ${s.f1.toFixed(3)}  events ${s.faultsFound}/${s.faults} (${s.eventRecall.toFixed(3)})  false ${s.falseIncidents} = ${s.falseIncidentsPer100ServiceHours.toFixed(2)}/100 svc-h`;
}
