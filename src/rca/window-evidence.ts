/** Self-time and error facts of one service from its 1m windows: before the incident versus during it. */
import { ALL_OPERATIONS, type FeatureWindow } from '../core/index.js';

export interface WindowFacts {
  /** Self time per request (ms) before and during the incident; undefined without selfTimeMs data. */
  selfBefore?: number;
  selfDuring?: number;
  /** Errors above the pre-incident rate, summed over the incident windows (≥ 0). */
  addedErrors: number;
}

/** Per service, split at `onsetMs` (the incident's first anomalous window). */
export function windowFacts(windows: readonly FeatureWindow[] | undefined, onsetMs: number): Map<string, WindowFacts> {
  const groups = new Map<string, { before: FeatureWindow[]; during: FeatureWindow[] }>();
  for (const w of windows ?? []) {
    if (!w || (w.operation ?? ALL_OPERATIONS) !== ALL_OPERATIONS || !Number.isFinite(w.windowStart)) continue;
    let g = groups.get(w.service);
    if (!g) groups.set(w.service, (g = { before: [], during: [] }));
    (w.windowStart < onsetMs ? g.before : g.during).push(w);
  }
  const out = new Map<string, WindowFacts>();
  for (const [service, g] of groups) {
    const baseRate = ratio(sum(g.before, (w) => w.errors), sum(g.before, (w) => w.requests)) ?? 0;
    const added = g.during.reduce((acc, w) => acc + Math.max(0, w.errors - baseRate * w.requests), 0);
    out.set(service, { selfBefore: selfPerRequest(g.before), selfDuring: selfPerRequest(g.during), addedErrors: added });
  }
  return out;
}

/** during / before self time per request, when both are known and the baseline is positive. */
export function selfRatio(f: WindowFacts | undefined): number | undefined {
  if (!f || f.selfBefore === undefined || f.selfDuring === undefined || f.selfBefore <= 0) return undefined;
  return f.selfDuring / f.selfBefore;
}

function selfPerRequest(rows: readonly FeatureWindow[]): number | undefined {
  const timed = rows.filter((w) => typeof w.selfTimeMs === 'number' && w.requests > 0);
  return ratio(sum(timed, (w) => w.selfTimeMs as number), sum(timed, (w) => w.requests));
}

function sum(rows: readonly FeatureWindow[], f: (w: FeatureWindow) => number): number {
  return rows.reduce((acc, w) => acc + (Number.isFinite(f(w)) ? f(w) : 0), 0);
}

function ratio(a: number, b: number): number | undefined {
  return b > 0 ? a / b : undefined;
}
