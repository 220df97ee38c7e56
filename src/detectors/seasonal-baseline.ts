/**
 * Seasonal robust-baseline detector. Per (service, operation, resolution, feature): a baseline from
 * the last `historyWindows` normal windows (median, MAD·1.4826) blended with the daily profile (see
 * feature-baseline.ts). A window is anomalous when |value − baseline| / max(MAD·1.4826, floor) reaches
 * the threshold and the change passes the feature's absolute and relative minimums. Anomalies are
 * confirmed: nothing is emitted until `confirmWindows` consecutive anomalous windows, then the whole
 * run so far and every further anomalous window. Anomalous windows never enter the recent baseline,
 * unless the run lasts `levelShiftWindows`, when the new level is adopted (they do enter the daily
 * profile, where the median across days and slots absorbs a single incident).
 */
import { RESOLUTION_MS, type Anomaly, type FeatureName, type FeatureWindow } from '../core/index.js';
import type { Detector } from '../core/detector.js';
import { FeatureBaseline } from './feature-baseline.js';
import { featureValue } from './feature-value.js';
import { resolveSeasonalConfig, type SeasonalConfig } from './seasonal-config.js';

interface SeriesState {
  baselines: Partial<Record<FeatureName, FeatureBaseline>>;
  /** Anomalous windows seen but not yet confirmed, per feature. */
  pending: Partial<Record<FeatureName, Anomaly[]>>;
}

export type { SeasonalConfig } from './seasonal-config.js';

export function createSeasonalDetector(over: Partial<SeasonalConfig> = {}): Detector {
  const cfg = resolveSeasonalConfig(over);
  const shape = { periodMs: cfg.seasonPeriodMs, slotMs: cfg.seasonSlotMs, toleranceMs: cfg.seasonToleranceMs, days: cfg.seasonDays };
  const series = new Map<string, SeriesState>();

  const stateOf = (row: FeatureWindow): SeriesState => {
    const key = `${row.service}\u0000${row.operation}\u0000${row.resolution}`;
    let s = series.get(key);
    if (s === undefined) {
      s = { baselines: {}, pending: {} };
      series.set(key, s);
    }
    return s;
  };

  const observeFeature = (row: FeatureWindow, state: SeriesState, feature: FeatureName, emit: Anomaly[] | null): void => {
    const value = featureValue(row, feature);
    if (value === null || value === undefined || !Number.isFinite(value)) return;
    const rule = cfg.rules[feature];
    if (rule.needsTraffic && row.requests < (rule.minRequests ?? cfg.minRequests)) return;
    const b = (state.baselines[feature] ??= new FeatureBaseline(cfg.historyWindows, shape));
    if (row.windowStart <= b.lastWindow) return;
    b.lastWindow = row.windowStart;
    b.observations++;
    const v = b.evaluate(row.windowStart, value, rule, cfg.threshold);
    let anomalous = v.anomalous && b.observations > cfg.warmupWindows && b.size >= 3;
    if (anomalous && feature === 'errorRate') anomalous = row.errors >= cfg.minErrors && errorsSignificant(row, b.mean(), cfg.threshold);
    if (anomalous && feature === 'cpu') anomalous = !explainedByLoad(row, value, v.baseline, state.baselines.throughput?.lastBaseline);
    if (anomalous && feature === 'throughput') {
      const windowSeconds = RESOLUTION_MS[row.resolution] / 1000;
      if (Math.max(row.requests, v.baseline * windowSeconds) < cfg.minRequests) anomalous = false;
    }
    if (!anomalous) {
      b.acceptNormal(row.windowStart, value, v.seasonal);
      delete state.pending[feature];
      return;
    }
    const streak = b.streak + 1;
    b.recordAnomalous(row.windowStart, value, v.seasonal, cfg.levelShiftWindows);
    const anomaly: Anomaly = {
      service: row.service,
      operation: row.operation,
      feature,
      windowStart: new Date(row.windowStart).toISOString(),
      value,
      baseline: v.baseline,
      score: v.score,
      direction: v.direction,
    };
    const pending = (state.pending[feature] ??= []);
    pending.push(anomaly);
    if (streak >= cfg.confirmWindows) {
      if (emit !== null) emit.push(...pending);
      pending.length = 0;
    }
  };

  /**
   * Errors are counts: a rise is only significant when it is unlikely under the usual error rate (binomial
   * z-score against the recent mean, floored at 0.5 %), so 3 errors in 20 requests of a flaky dependency stay quiet.
   */
  const errorsSignificant = (row: FeatureWindow, usualRate: number, threshold: number): boolean => {
    const p0 = Math.max(Number.isFinite(usualRate) ? usualRate : 0, 0.005);
    const expected = row.requests * p0;
    return (row.errors - expected) / Math.sqrt(expected * (1 - p0)) >= threshold;
  };

  /** CPU that rose in proportion to traffic is capacity at work, not a fault: compare it with the load-scaled baseline. */
  const explainedByLoad = (row: FeatureWindow, cpu: number, cpuBaseline: number, throughputBaseline: number | undefined): boolean => {
    if (!throughputBaseline || !Number.isFinite(throughputBaseline) || throughputBaseline <= 0) return false;
    const load = row.throughput / throughputBaseline;
    return load > 1 && cpu <= cpuBaseline * load * 1.15;
  };

  const feed = (rows: readonly FeatureWindow[], emit: Anomaly[] | null): void => {
    const ordered = [...rows].sort((a, b) => a.windowStart - b.windowStart);
    for (const row of ordered) {
      const state = stateOf(row);
      for (const f of cfg.features) observeFeature(row, state, f, emit);
    }
  };

  return {
    name: 'seasonal-baseline',
    warm(rows) {
      feed(rows, null);
    },
    observe(rows) {
      const out: Anomaly[] = [];
      feed(rows, out);
      return out;
    },
  };
}
