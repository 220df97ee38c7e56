/**
 * The learned detectors' input: per series, each feature as a robust residual against the series' own recent normal
 * level — z = (x − median) / max(1.4826·MAD, floor) on a variance-stabilising transform (log for latencies and
 * volumes). Residuals make one model serve every service, whatever its scale, and the same definition feeds training
 * (exported rows) and scoring. Schema version 1; training/README.md repeats the list.
 */
import type { FeatureWindow } from '../../core/index.js';
import { median } from '../../core/stats.js';

interface ResidualFeature {
  name: string;
  /** Transformed value, or null when the window has no such measurement. */
  read(row: FeatureWindow): number | null;
  /** Smallest noise scale, in transformed units, so a flat series cannot make a tiny change huge. */
  floor: number;
  /** Only meaningful with enough requests (latency quantiles of a handful of requests are noise). */
  needsTraffic: boolean;
}

const logMs = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : Math.log(Math.max(v, 0) + 1));

export const RESIDUAL_FEATURES: readonly ResidualFeature[] = [
  { name: 'throughput', read: (r) => Math.log1p(Math.max(r.throughput, 0) * 60), floor: 0.1, needsTraffic: false },
  { name: 'errorRate', read: (r) => (r.requests > 0 ? r.errorRate : null), floor: 0.01, needsTraffic: true },
  { name: 'p50Ms', read: (r) => logMs(r.p50Ms), floor: 0.05, needsTraffic: true },
  { name: 'p95Ms', read: (r) => logMs(r.p95Ms), floor: 0.05, needsTraffic: true },
  { name: 'p99Ms', read: (r) => logMs(r.p99Ms), floor: 0.08, needsTraffic: true },
  { name: 'cpu', read: (r) => (r.cpu === null || !Number.isFinite(r.cpu) ? null : r.cpu), floor: 0.03, needsTraffic: false },
  { name: 'memory', read: (r) => logMs(r.memory), floor: 0.02, needsTraffic: false },
  { name: 'logError', read: (r) => Math.log1p(Math.max(r.logError, 0)), floor: 0.3, needsTraffic: false },
];

export const RESIDUAL_SCHEMA_VERSION = 1;
export const RESIDUAL_FEATURE_NAMES: readonly string[] = RESIDUAL_FEATURES.map((f) => f.name);
/** |z| is clipped here: beyond it, more extreme says nothing new and would dominate the model's split points. */
export const Z_CLIP = 10;

export interface ResidualConfig {
  /** Normal values kept per feature (30). */
  history: number;
  /** Values needed before a series yields vectors (5): the cold start is short on purpose. */
  minHistory: number;
  /** A value whose |z| is below this enters the history (4). */
  acceptZ: number;
  /** After this many rejected values in a row the new level is adopted (30). */
  levelShift: number;
  /** Requests per window under which request-derived features read as missing (10). */
  minRequests: number;
}

export const DEFAULT_RESIDUAL_CONFIG: ResidualConfig = { history: 30, minHistory: 5, acceptZ: 4, levelShift: 30, minRequests: 10 };

interface FeatureHistory {
  values: number[];
  rejected: number;
}

export interface ResidualVector {
  row: FeatureWindow;
  /** One residual per RESIDUAL_FEATURES entry, missing = 0 (no evidence either way). */
  z: Float32Array;
  /** Per feature: the baseline in raw units (for evidence), NaN when missing. */
  baseline: Float64Array;
}

/** Per series residual state; feed windows in event-time order. */
export class ResidualNormalizer {
  private readonly series = new Map<string, { last: number; features: FeatureHistory[] }>();
  constructor(private readonly cfg: ResidualConfig = DEFAULT_RESIDUAL_CONFIG) {}

  /** Residuals of `row` against history, then the history updated; null while the series is warming up or out of order. */
  next(row: FeatureWindow): ResidualVector | null {
    const key = `${row.service}\u0000${row.operation}\u0000${row.resolution}`;
    let s = this.series.get(key);
    if (s === undefined) {
      s = { last: -Infinity, features: RESIDUAL_FEATURES.map(() => ({ values: [], rejected: 0 })) };
      this.series.set(key, s);
    }
    if (row.windowStart <= s.last) return null;
    s.last = row.windowStart;
    const z = new Float32Array(RESIDUAL_FEATURES.length);
    const baseline = new Float64Array(RESIDUAL_FEATURES.length).fill(Number.NaN);
    let ready = false;
    RESIDUAL_FEATURES.forEach((f, i) => {
      const h = s.features[i]!;
      const x = f.needsTraffic && row.requests < this.cfg.minRequests ? null : f.read(row);
      if (x === null || !Number.isFinite(x)) return;
      if (h.values.length < this.cfg.minHistory) {
        h.values.push(x);
        return;
      }
      ready = true;
      const med = median(h.values);
      const mad = median(h.values.map((v) => Math.abs(v - med)));
      const zi = Math.max(-Z_CLIP, Math.min(Z_CLIP, (x - med) / Math.max(1.4826 * mad, f.floor)));
      z[i] = zi;
      baseline[i] = med;
      if (Math.abs(zi) < this.cfg.acceptZ || ++h.rejected >= this.cfg.levelShift) {
        if (Math.abs(zi) >= this.cfg.acceptZ) h.values.length = 0; // adopt the new level
        h.rejected = Math.abs(zi) < this.cfg.acceptZ ? 0 : h.rejected;
        h.values.push(x);
        if (h.values.length > this.cfg.history) h.values.shift();
      }
    });
    return ready ? { row, z, baseline } : null;
  }
}

/** The raw-unit value a transformed baseline stands for (for evidence text). */
export function untransform(feature: string, v: number): number {
  if (feature === 'throughput') return Math.expm1(v) / 60;
  if (feature === 'logError') return Math.expm1(v);
  if (feature === 'errorRate' || feature === 'cpu') return v;
  return Math.exp(v) - 1;
}
