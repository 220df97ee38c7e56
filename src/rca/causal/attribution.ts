/**
 * How much of each variable's change its graph parents explain: a back-door-adjusted linear effect per parent
 * (NNLS over all parents at once) times the parent's own change, as a share of the variable's change.
 */
import { parentsOf, type Regressor, type Topology } from './parents.js';
import { nnls } from './regression.js';
import { median } from '../../core/stats.js';
import { finite } from './robust.js';
import type { Signal } from './types.js';
import { delta, type Variable } from './variables.js';

export interface Share {
  to: Variable;
  share: number;
  /** Parent node whose regressor carried it (for evidence). */
  via: string;
}

export interface Explanation {
  y: Variable;
  shares: Share[];
  /** 1 − Σ shares: the part of the change no parent explains (the variable's own). */
  unexplained: number;
}

/** Changes below this many noise scales are not explained (they are noise). */
const MIN_EXPLAINED_Z = 1.5;
/** Fewer aligned samples than this: fall back to same-unit ratios. */
const MIN_ROWS = 8;

export function explainAll(vars: readonly Variable[], topo: Topology, onset: number, clientLatency: (node: string) => Float64Array | undefined): Map<string, Explanation> {
  const byKey = new Map(vars.map((v) => [v.id, v]));
  const find = (node: string, s: Signal) => byKey.get(`${node}\u0000${s}`);
  const out = new Map<string, Explanation>();
  for (const y of vars) {
    if (y.z < MIN_EXPLAINED_Z) continue;
    out.set(y.id, explain(y, parentsOf(y, topo, find, clientLatency), onset));
  }
  return out;
}

function explain(y: Variable, all: Regressor[], onset: number): Explanation {
  // A parent that did not move beyond its own noise cannot explain a change (it would only soak up credit).
  const regs = all.map(changedOnly).filter((r): r is Regressor => !!r);
  const dy = delta(y);
  if (!regs.length || Math.abs(dy) < 1e-12) return { y, shares: [], unexplained: 1 };
  // Too few samples to fit: a same-unit parent explains one for one, cpu moves in proportion to its own traffic
  // (the same work per request: the load's relative change over the cpu's, below), other parents nothing.
  const fitted = fit(y, regs, onset);
  const coef = fitted ?? regs.map((r) => (r.credit.every((c) => sameUnit(y.signal, c.v.signal)) ? 1 : 0));
  const shares: Share[] = [];
  regs.forEach((r, j) => {
    const b = r.coefCap === undefined ? coef[j] : Math.min(coef[j], r.coefCap);
    const proportional = !fitted && y.signal === 'cpu' && r.credit.every((c) => c.v.signal === 'load') && Math.sign(r.delta) === Math.sign(dy);
    const part = proportional ? plausibleShare(y, r) : Math.min((b * r.delta) / dy, plausibleShare(y, r));
    if (!(part > 0)) return;
    for (const c of r.credit) shares.push({ to: c.v, share: part * c.weight, via: r.node });
  });
  const total = shares.reduce((a, s) => a + s.share, 0);
  if (total > 1) for (const s of shares) s.share /= total;
  return { y, shares, unexplained: Math.max(0, 1 - Math.min(1, total)) };
}

function changedOnly(r: Regressor): Regressor | undefined {
  const credit = r.credit.filter((c) => c.v.z >= MIN_EXPLAINED_Z);
  if (!credit.length) return undefined;
  const total = credit.reduce((a, c) => a + c.weight, 0);
  return { ...r, credit: credit.map((c) => ({ v: c.v, weight: c.weight / total })) };
}

/** NNLS on samples where y and every regressor are finite, centred on pre-onset medians; undefined if too few. */
function fit(y: Variable, regs: Regressor[], onset: number): number[] | undefined {
  const centres = regs.map((r) => median(finite(r.series, 0, onset)));
  const rows: Float64Array[] = [];
  const ys: number[] = [];
  let post = 0;
  for (let t = 0; t < y.series.length; t++) {
    const yt = y.series[t];
    if (!Number.isFinite(yt)) continue;
    const row = new Float64Array(regs.length);
    let ok = true;
    for (let j = 0; j < regs.length && ok; j++) {
      row[j] = regs[j].series[t] - centres[j];
      ok = Number.isFinite(row[j]);
    }
    if (!ok) continue;
    rows.push(row);
    ys.push(yt - y.base.median);
    if (t >= onset) post++;
  }
  if (rows.length < MIN_ROWS || post < 2) return undefined;
  return [...nnls(rows, Float64Array.from(ys))];
}

/**
 * A regression can scale any parent that moved at the same time into a full explanation; across units that is
 * not physics. A resource or load parent explains at most its relative change over the child's: a cpu going
 * 44% → 54% (queueing delay ×1.2) cannot explain a latency ×9, a cpu going 45% → 95% (×11) can. Same-unit parents
 * (a callee's latency, a callee's errors, a caller's traffic) add up directly and are not capped.
 */
function plausibleShare(y: Variable, r: Regressor): number {
  if (r.credit.every((c) => sameUnit(y.signal, c.v.signal))) return Infinity;
  const ry = relativeChange(y, false);
  if (!(ry > 0)) return Infinity;
  const rx = Math.max(...r.credit.map((c) => relativeChange(c.v, y.signal === 'latency' || y.signal === 'self' || y.signal === 'gap')));
  return Math.max(0, rx / ry);
}

function sameUnit(a: Signal, b: Signal): boolean {
  const time = (s: Signal) => s === 'latency' || s === 'self' || s === 'gap';
  return a === b || (time(a) && time(b));
}

/**
 * |post − base| relative to the base level (or its noise scale). A cpu explaining a latency acts through the
 * queueing factor 1/(1−ρ); explained by load, it is linear in it.
 */
function relativeChange(v: Variable, asQueueing: boolean): number {
  if (v.signal === 'cpu' && asQueueing) {
    const q = (c: number) => 1 / (1 - Math.min(0.98, Math.max(0, c)));
    return Math.abs(q(v.post) / q(v.base.median) - 1);
  }
  return Math.abs(delta(v)) / Math.max(Math.abs(v.base.median), v.base.scale, 1e-12);
}
