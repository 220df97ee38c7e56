/**
 * An online change detector for RCA evaluation: it reads a case's table one row (one minute) at a time and, at
 * each row, sees only the rows before it. This is what `aiops eval rca` uses instead of the injection time: the
 * method is handed the onset this detector found and only the rows it had when it first ranked.
 *
 * Why not the project's seasonal detector (src/detectors): it needs 20 warm-up windows per series; a benchmark
 * case holds 3–10 minutes before its fault. This one is the same idea cut down for short histories:
 * - per column, a baseline of every earlier row (median; noise = max(IQR/1.349, 1.4826·MAD, a per-metric floor
 *   relative to the level): 3 to 10 points cannot estimate their own noise, the floor says what a change is);
 * - a column is anomalous at a row when |value − baseline| ≥ Z (3) noise scales in the metric's direction (latency,
 *   cpu, memory, errors: up; traffic and network bytes: either way);
 * - a row is anomalous when its anomalous columns' summed z (each capped at 10) reaches SCORE (6) — or, once
 *   5 normal rows were scored, twice the 90th percentile of their scores (wide tables are noisy in sum);
 * - confirmation: two anomalous rows in a row, as the pipeline's detector confirms (the onset is the first).
 * Rows after an alarm stay out of later baselines, as the pipeline keeps anomalous windows out of its baseline.
 */

import { MAD_TO_SIGMA, madHigh, quantileSorted } from '../core/stats.js';

export interface OnsetTable {
  /** Column names `<node>_<metric>`; `time` is skipped. */
  header: readonly string[];
  /** Rows of numbers, NaN for an empty cell. */
  rows: readonly (readonly number[])[];
}

export interface Alarm {
  /** Row index of the first anomalous row of the confirmed run. */
  onset: number;
  /** Row index at which the run was confirmed (onset + 1). */
  confirmed: number;
  /** Summed z of the onset row, and its most anomalous columns (best first, at most 5). */
  score: number;
  columns: string[];
}

export interface OnsetOptions {
  /** Fewer earlier rows than this: no decision (default 3). */
  minBaseline?: number;
}

const Z = 3;
const SCORE = 6;
const Z_CAP = 10;
const ADAPT = 2;
const LEVEL_SHIFT = 6;

/** Relative noise floor per metric family (share of the baseline level) and whether only a rise counts. */
function rule(metric: string): { rel: number; abs: number; upOnly: boolean } {
  if (metric.startsWith('latency') || metric.includes('latency')) return { rel: 0.25, abs: 1e-9, upOnly: true };
  if (metric === 'cpu') return { rel: 0.25, abs: 1e-9, upOnly: true };
  if (metric === 'mem' || metric === 'memory') return { rel: 0.05, abs: 1e-9, upOnly: true };
  // Error rates and log-error rates sit at 0 most of the time: a stray error is not a change.
  if (metric.startsWith('error')) return { rel: 0.25, abs: 0.01, upOnly: true };
  if (metric === 'logerror') return { rel: 0.25, abs: 0.1, upOnly: true };
  return { rel: 0.3, abs: 1e-9, upOnly: false };
}

/**
 * The row score that is anomalous: SCORE, or — once 5 normal rows were scored — ADAPT × the 90th percentile of their
 * scores: a table of hundreds of columns reaches a summed z of 6 from noise alone every few minutes.
 */
function threshold(normalScores: readonly number[]): number {
  if (normalScores.length < 5) return SCORE;
  const s = [...normalScores].sort((a, b) => a - b);
  return Math.max(SCORE, ADAPT * s[Math.floor(0.9 * (s.length - 1))]);
}

/** Every confirmed alarm, in time order; rows of a confirmed run are excluded from later baselines. */
export function detectAlarms(table: OnsetTable, options: OnsetOptions = {}): Alarm[] {
  const minBaseline = options.minBaseline ?? 3;
  const cols = table.header
    .map((name, j) => ({ name, j, metric: name.slice(name.lastIndexOf('_') + 1) }))
    .filter((c) => c.name !== 'time' && c.name !== 'time.1' && c.name.lastIndexOf('_') > 0);
  const normal: boolean[] = [];
  const alarms: Alarm[] = [];
  let pending: { row: number; score: number; columns: string[] } | undefined;
  const normalScores: number[] = [];
  for (let t = 0; t < table.rows.length; t++) {
    const scored = scoreRow(table, cols, t, normal, minBaseline);
    const bar = threshold(normalScores);
    if (!scored || scored.score < bar) {
      pending = undefined;
      normal[t] = true;
      if (scored) normalScores.push(scored.score);
      continue;
    }
    normal[t] = false;
    if (!pending) {
      pending = { row: t, ...scored };
      continue;
    }
    alarms.push({ onset: pending.row, confirmed: t, score: pending.score, columns: pending.columns });
    // The run is one incident: skip ahead while it stays anomalous (those rows stay out of baselines) — up to
    // LEVEL_SHIFT rows: a change that lasts that long is the new normal (the pipeline's detector does the same),
    // so its rows rejoin the baseline and a later fault is not swallowed by it.
    const start = pending.row;
    while (t + 1 < table.rows.length) {
      const next = scoreRow(table, cols, t + 1, normal, minBaseline);
      if (!next || next.score < threshold(normalScores)) break;
      normal[++t] = false;
      if (t - start + 1 >= LEVEL_SHIFT) {
        for (let i = start; i <= t; i++) normal[i] = true;
        break;
      }
    }
    pending = undefined;
  }
  return alarms;
}

/**
 * The row's anomaly score against the normal rows before it; undefined with too little history. Exported for
 * the evaluation's "best guess" when nothing was confirmed.
 */
export function scoreRow(
  table: OnsetTable,
  cols: readonly { name: string; j: number; metric: string }[],
  t: number,
  normal: readonly boolean[],
  minBaseline: number,
): { score: number; columns: string[] } | undefined {
  let score = 0;
  const hits: [string, number][] = [];
  let usable = 0;
  for (const c of cols) {
    const x = table.rows[t][c.j];
    if (!Number.isFinite(x)) continue;
    const past: number[] = [];
    for (let i = 0; i < t; i++) if (normal[i] && Number.isFinite(table.rows[i][c.j])) past.push(table.rows[i][c.j]);
    if (past.length < minBaseline) continue;
    usable++;
    const { rel, abs, upOnly } = rule(c.metric);
    const { median, scale } = robust(past, rel, abs);
    const z = (x - median) / scale;
    const dz = upOnly ? z : Math.abs(z);
    if (dz >= Z) {
      score += Math.min(dz, Z_CAP);
      hits.push([c.name, dz]);
    }
  }
  if (!usable) return undefined;
  hits.sort((a, b) => b[1] - a[1]);
  return { score, columns: hits.slice(0, 5).map(([n]) => n) };
}

function robust(sample: number[], rel: number, abs: number): { median: number; scale: number } {
  const s = Float64Array.from(sample).sort();
  const median = quantileSorted(s, 0.5);
  const scale = Math.max((quantileSorted(s, 0.75) - quantileSorted(s, 0.25)) / 1.349, MAD_TO_SIGMA * madHigh(s, median), rel * Math.abs(median), abs);
  return { median, scale };
}
