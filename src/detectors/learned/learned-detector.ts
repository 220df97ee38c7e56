/**
 * A learned detector over residual vectors (residuals.ts), scored by an ONNX model through the ModelScorer port.
 * Row models (Isolation Forest) score one vector; sequence models score the last `seqLen` vectors of a series.
 * Scoring is asynchronous, so `prepare` scores a whole closed batch at once (one model call for every service of
 * the window) and `observe` turns the scores into confirmed anomalies, as the seasonal detector does.
 */
import { CALLERS_OPERATION, type Anomaly, type DetectorVote, type FeatureName, type FeatureWindow, type ModelScorer } from '../../core/index.js';
import type { Detector } from '../../core/detector.js';
import { RESIDUAL_FEATURE_NAMES, ResidualNormalizer, untransform, type ResidualVector } from './residuals.js';
import { featureValue } from '../feature-value.js';

export interface LearnedDetectorOptions {
  kind: 'iforest' | 'sequence';
  modelId: string;
  scorer: ModelScorer;
  /** Calibrated: scores at or above it are anomalous. */
  threshold: number;
  /** Consecutive anomalous windows before the first anomaly is emitted (2). */
  confirmWindows?: number;
}

export interface RowScore {
  vector: ResidualVector;
  score: number;
}

export interface LearnedDetector extends Detector {
  readonly kind: 'iforest' | 'sequence';
  readonly modelId: string;
  readonly threshold: number;
  /** Scores of the last prepared batch, by series key and window (for the ensemble and evaluations). */
  readonly scores: Map<string, RowScore>;
  /** Learned detectors always score the closed batch before `observe`. */
  prepare(rows: readonly FeatureWindow[]): Promise<void>;
}

export const rowKey = (r: Pick<FeatureWindow, 'service' | 'operation' | 'resolution' | 'windowStart'>): string =>
  `${r.service}\u0000${r.operation}\u0000${r.resolution}\u0000${r.windowStart}`;
const seriesKey = (r: FeatureWindow): string => `${r.service}\u0000${r.operation}\u0000${r.resolution}`;

/** Residual features are all stored columns of a feature row (derived features such as selfMs are not among them). */
export type ResidualFeatureName = Extract<FeatureName, keyof FeatureWindow>;

/** The feature that moved most, in the direction that hurts (more latency, errors, cpu; less or more traffic). */
export function dominantFeature(z: Float32Array): { feature: ResidualFeatureName; index: number } {
  let best = 0;
  let index = 0;
  z.forEach((v, i) => {
    const name = RESIDUAL_FEATURE_NAMES[i]!;
    const hurt = name === 'throughput' ? Math.abs(v) : v;
    if (hurt > best) {
      best = hurt;
      index = i;
    }
  });
  return { feature: RESIDUAL_FEATURE_NAMES[index] as ResidualFeatureName, index };
}

/** "p99Ms +7.2σ, cpu +4.1σ": the two largest residuals, for evidence. */
export function describeResiduals(z: Float32Array): string {
  return [...z]
    .map((v, i) => ({ v, name: RESIDUAL_FEATURE_NAMES[i]! }))
    .filter((e) => Math.abs(e.v) >= 1)
    .sort((a, b) => Math.abs(b.v) - Math.abs(a.v))
    .slice(0, 2)
    .map((e) => `${e.name} ${e.v >= 0 ? '+' : ''}${e.v.toFixed(1)}σ`)
    .join(', ') || 'no single feature stands out';
}

export function createLearnedDetector(opts: LearnedDetectorOptions): LearnedDetector {
  const normalizer = new ResidualNormalizer();
  const seqLen = opts.scorer.schema.seqLen ?? 1;
  const width = RESIDUAL_FEATURE_NAMES.length;
  if (opts.scorer.schema.features.join(',') !== RESIDUAL_FEATURE_NAMES.join(',')) {
    throw new Error(`model ${opts.modelId} was trained on features [${opts.scorer.schema.features.join(', ')}], not [${RESIDUAL_FEATURE_NAMES.join(', ')}]`);
  }
  const recent = new Map<string, Float32Array[]>();
  const pending = new Map<string, { streak: number; held: Anomaly[] }>();
  const scores = new Map<string, RowScore>();
  const confirm = opts.confirmWindows ?? 2;

  /** Advances the residual state; returns the model input for the rows that have one. */
  const vectorize = (rows: readonly FeatureWindow[]): { vector: ResidualVector; input: Float32Array }[] => {
    const out: { vector: ResidualVector; input: Float32Array }[] = [];
    for (const row of [...rows].sort((a, b) => a.windowStart - b.windowStart)) {
      // The callers' view of a service is not a service: client spans only (no cpu, memory, logs, own errors), judged
      // by the wire-time check alone. Scored here, its missing features would read as a service gone idle.
      if (row.operation === CALLERS_OPERATION) continue;
      const v = normalizer.next(row);
      if (v === null) continue;
      const ring = recent.get(seriesKey(row)) ?? [];
      ring.push(v.z);
      if (ring.length > seqLen) ring.shift();
      recent.set(seriesKey(row), ring);
      if (ring.length < seqLen) continue;
      const input = new Float32Array(seqLen * width);
      ring.forEach((z, t) => input.set(z, t * width));
      out.push({ vector: v, input });
    }
    return out;
  };

  const vote = (s: RowScore): DetectorVote => ({
    detector: opts.kind,
    model: opts.modelId,
    score: s.score,
    threshold: opts.threshold,
    fired: s.score >= opts.threshold,
    reason: describeResiduals(s.vector.z),
  });

  return {
    name: `${opts.kind}(${opts.modelId})`,
    kind: opts.kind,
    modelId: opts.modelId,
    threshold: opts.threshold,
    scores,
    warm(rows) {
      vectorize(rows);
    },
    async prepare(rows) {
      scores.clear();
      const items = vectorize(rows);
      if (items.length === 0) return;
      const batch = new Float32Array(items.length * seqLen * width);
      items.forEach((it, i) => batch.set(it.input, i * seqLen * width));
      const out = await opts.scorer.score(batch, items.length);
      items.forEach((it, i) => scores.set(rowKey(it.vector.row), { vector: it.vector, score: out[i]! }));
    },
    observe(rows) {
      const emitted: Anomaly[] = [];
      for (const row of [...rows].sort((a, b) => a.windowStart - b.windowStart)) {
        const s = scores.get(rowKey(row));
        const key = seriesKey(row);
        if (s === undefined || s.score < opts.threshold) {
          if (s !== undefined) pending.delete(key);
          continue;
        }
        const { feature, index } = dominantFeature(s.vector.z);
        const base = s.vector.baseline[index]!;
        const value = featureValue(row, feature);
        const anomaly: Anomaly = {
          service: row.service,
          operation: row.operation,
          feature,
          windowStart: new Date(row.windowStart).toISOString(),
          value: typeof value === 'number' ? value : Number.NaN,
          baseline: Number.isFinite(base) ? untransform(feature, base) : Number.NaN,
          score: (4 * s.score) / opts.threshold,
          direction: s.vector.z[index]! >= 0 ? 'up' : 'down',
          detectors: [vote(s)],
        };
        // Confirmation as in the seasonal detector: nothing before `confirm` anomalous windows in a row, then the
        // run so far (so the onset is the real one) and every further window of the run.
        const run = pending.get(key) ?? { streak: 0, held: [] };
        run.streak++;
        run.held.push(anomaly);
        if (run.streak >= confirm) emitted.push(...run.held.splice(0));
        pending.set(key, run);
      }
      return emitted;
    },
  };
}
