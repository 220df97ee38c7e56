/** Units and labels of the causal variables, for evidence strings. */
import { ratioText, round } from '../format.js';
import type { Signal } from './types.js';
import type { Variable } from './variables.js';

export function label(v: Variable): string {
  switch (v.signal) {
    case 'latency':
      return v.metric === 'latency-99' ? 'p99' : v.metric === 'latency-90' ? 'p90' : 'p50';
    case 'self':
      return 'self time per request';
    case 'gap':
      return 'network time in front of';
    case 'errors':
      return 'error rate';
    case 'load':
      return 'traffic';
    case 'cpu':
      return 'cpu';
    case 'memory':
      return 'memory';
    case 'gc':
      return 'gc time';
    case 'pool':
      return 'connection pool use';
  }
}

export function value(signal: Signal, v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  switch (signal) {
    case 'latency':
    case 'self':
    case 'gap':
    case 'gc':
      return `${round(v)} ms`;
    case 'errors':
      return `${(v * 100).toFixed(1)}%`;
    case 'load':
      return `${round(v)} req/s`;
    case 'cpu':
    case 'pool':
      return v <= 1.5 ? `${(v * 100).toFixed(0)}%` : round(v);
    case 'memory':
      return v >= 1 << 20 ? `${(v / (1 << 20)).toFixed(0)} MiB` : round(v);
  }
}

/** `p50 of ledger 12 ms → 190 ms (15.8×)` */
export function change(v: Variable): string {
  const of = v.signal === 'gap' ? `${label(v)} ${v.node}` : `${label(v)} of ${v.node}`;
  const r = v.base.median > 0 && Number.isFinite(v.post) ? ` (${ratioText(v.post / v.base.median)})` : '';
  return `${of} ${value(v.signal, v.base.median)} → ${value(v.signal, v.post)}${r}`;
}

export function signed(signal: Signal, d: number): string {
  return `${d >= 0 ? '+' : '−'}${value(signal, Math.abs(d))}`;
}

export function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}
