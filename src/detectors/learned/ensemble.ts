/**
 * The ensemble: the seasonal baseline, the Isolation Forest and the sequence model voting on each window. Each
 * detector's strength is its score over its own calibrated threshold (1 = at threshold; the seasonal one counts only
 * once it has confirmed), capped at 3 so one detector cannot outvote the rest on its own extremes. A window is
 * anomalous when the weighted sum reaches `fireAt`. Defaults (seasonal 0.5, each learned model 0.25, fire at 0.5)
 * start from the seed's design: the statistical baseline leads, the learned models confirm or add what it cannot
 * see. Anomalies carry every detector's vote as evidence.
 */
import type { Anomaly, DetectorVote, FeatureWindow } from '../../core/index.js';
import type { Detector } from '../../core/detector.js';
import { describeResiduals, dominantFeature, rowKey, type LearnedDetector } from './learned-detector.js';
import { untransform } from './residuals.js';

export interface EnsembleOptions {
  seasonal: Detector;
  learned: LearnedDetector[];
  weights?: { seasonal: number; iforest: number; sequence: number };
  fireAt?: number;
  /** Strength at which one detector's vote stops growing. */
  cap?: number;
  /** Learned-only firings need this many anomalous windows in a row (2), as the seasonal detector does. */
  confirmWindows?: number;
}

export function createEnsembleDetector(o: EnsembleOptions): Detector {
  const weights = o.weights ?? { seasonal: 0.5, iforest: 0.25, sequence: 0.25 };
  const fireAt = o.fireAt ?? 0.5;
  const confirm = o.confirmWindows ?? 2;
  const CAP = o.cap ?? 3;
  const streaks = new Map<string, { streak: number; held: Anomaly[] }>();
  const seriesOf = (r: FeatureWindow) => `${r.service}\u0000${r.operation}\u0000${r.resolution}`;

  return {
    name: `ensemble(${[o.seasonal.name, ...o.learned.map((d) => d.name)].join(',')})`,
    warm(rows) {
      o.seasonal.warm(rows);
      for (const d of o.learned) d.warm(rows);
    },
    async prepare(rows) {
      await o.seasonal.prepare?.(rows);
      for (const d of o.learned) await d.prepare(rows);
    },
    observe(rows) {
      const seasonal = new Map<string, Anomaly[]>();
      for (const a of o.seasonal.observe(rows)) {
        const k = rowKey({ service: a.service, operation: a.operation, resolution: rows[0]?.resolution ?? '1m', windowStart: Date.parse(a.windowStart) });
        seasonal.set(k, [...(seasonal.get(k) ?? []), a]);
      }
      const out: Anomaly[] = [];
      for (const row of [...rows].sort((a, b) => a.windowStart - b.windowStart)) {
        const k = rowKey(row);
        const fromSeasonal = seasonal.get(k) ?? [];
        const sStrength = fromSeasonal.length ? Math.max(...fromSeasonal.map((a) => a.score / 4)) : 0;
        const votes: DetectorVote[] = [];
        let combined = weights.seasonal * Math.min(sStrength, CAP);
        votes.push({ detector: 'seasonal', score: sStrength * 4, threshold: 4, fired: fromSeasonal.length > 0, reason: fromSeasonal.length ? fromSeasonal.map((a) => a.feature).join(', ') : 'within its baseline' });
        let strongest: { d: LearnedDetector; s: NonNullable<ReturnType<LearnedDetector['scores']['get']>> } | undefined;
        for (const d of o.learned) {
          const s = d.scores.get(k);
          if (!s) continue;
          const strength = s.score / d.threshold;
          combined += weights[d.kind] * Math.min(Math.max(strength, 0), CAP);
          votes.push({ detector: d.kind, model: d.modelId, score: s.score, threshold: d.threshold, fired: strength >= 1, reason: describeResiduals(s.vector.z) });
          if (!strongest || strength > strongest.s.score / strongest.d.threshold) strongest = { d, s };
        }
        const series = seriesOf(row);
        if (combined < fireAt) {
          streaks.delete(series);
          continue;
        }
        if (fromSeasonal.length > 0) {
          // The seasonal detector has confirmed: its anomalies (per feature) carry the votes.
          out.push(...fromSeasonal.map((a) => ({ ...a, detectors: votes })));
          streaks.delete(series);
          continue;
        }
        if (!strongest) continue;
        const { feature, index } = dominantFeature(strongest.s.vector.z);
        const value = row[feature];
        const base = strongest.s.vector.baseline[index]!;
        const anomaly: Anomaly = {
          service: row.service,
          operation: row.operation,
          feature,
          windowStart: new Date(row.windowStart).toISOString(),
          value: typeof value === 'number' ? value : Number.NaN,
          baseline: Number.isFinite(base) ? untransform(feature, base) : Number.NaN,
          score: 4 * (combined / fireAt),
          direction: strongest.s.vector.z[index]! >= 0 ? 'up' : 'down',
          detectors: votes,
        };
        const run = streaks.get(series) ?? { streak: 0, held: [] };
        run.streak++;
        run.held.push(anomaly);
        if (run.streak >= confirm) out.push(...run.held.splice(0));
        streaks.set(series, run);
      }
      return out;
    },
  };
}
