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
import { ALL_OPERATIONS, CALLERS_OPERATION, RESOLUTION_MS, type Anomaly, type FeatureName, type FeatureWindow } from '../core/index.js';
import type { Detector } from '../core/detector.js';
import { FeatureBaseline, type Verdict } from './feature-baseline.js';
import { featureValue } from './feature-value.js';
import { BODY_SCORE, MIX_MIN_REQUESTS, MixLedger, isLatency, tailOnly } from './latency-evidence.js';
import { resolveSeasonalConfig, type FeatureRule, type SeasonalConfig } from './seasonal-config.js';
import { wireGap, wireRule } from './wire-time.js';

interface SeriesState {
  baselines: Partial<Record<FeatureName, FeatureBaseline>>;
  /** Anomalous windows seen but not yet confirmed, per feature. */
  pending: Partial<Record<FeatureName, Anomaly[]>>;
  /**
   * Watched for evidence only, never alarmed on (latency-evidence.ts): the median, which backs a tail-only
   * quantile rise, and an operation's p95 from few requests, which the traffic-mix check reads.
   */
  median?: FeatureBaseline;
  mixP95?: FeatureBaseline;
}

/** What one row's evidence says to its latency features. */
interface RowEvidence {
  /** Robust score of the median's rise in this window (Infinity when not yet known: no evidence, no veto). */
  body: number;
}

export type { SeasonalConfig } from './seasonal-config.js';

export function createSeasonalDetector(over: Partial<SeasonalConfig> = {}): Detector {
  const cfg = resolveSeasonalConfig(over);
  const shape = { periodMs: cfg.seasonPeriodMs, slotMs: cfg.seasonSlotMs, toleranceMs: cfg.seasonToleranceMs, days: cfg.seasonDays };
  const series = new Map<string, SeriesState>();
  const mix = new MixLedger();

  const stateOf = (row: FeatureWindow): SeriesState => {
    const key = `${row.service}\u0000${row.operation}\u0000${row.resolution}`;
    let s = series.get(key);
    if (s === undefined) {
      s = { baselines: {}, pending: {} };
      series.set(key, s);
    }
    return s;
  };

  /** Returns whether the window rose beyond the series' noise before the evidence checks (an operation "moved"). */
  const observeFeature = (row: FeatureWindow, state: SeriesState, feature: FeatureName, emit: Anomaly[] | null, ev: RowEvidence): boolean => {
    const value = featureValue(row, feature);
    if (value === null || value === undefined || !Number.isFinite(value)) return false;
    const rule = cfg.rules[feature];
    if (rule.needsTraffic && row.requests < (rule.minRequests ?? cfg.minRequests)) return false;
    return judge(row, state, feature, value, rule, emit, (v, b) => {
      if (feature === 'errorRate') return row.errors >= cfg.minErrors && errorsSignificant(row, b.mean(), cfg.threshold);
      if (feature === 'cpu') return !explainedByLoad(row, value, v.baseline, state.baselines.throughput?.lastBaseline);
      if (feature === 'throughput') {
        const windowSeconds = RESOLUTION_MS[row.resolution] / 1000;
        if (Math.max(row.requests, v.baseline * windowSeconds) < cfg.minRequests) return false;
      }
      if (tailOnly(feature, row.requests) && ev.body < BODY_SCORE) return false;
      if (row.operation === ALL_OPERATIONS && isLatency(feature) && mix.explained(row)) return false;
      return true;
    });
  };

  /**
   * The callers' wait beyond the service's own time (wire-time.ts), judged on the callers' row series and emitted
   * as a p50 of that row: what callers see against what they would see at the service's current speed.
   */
  const observeWire = (service: FeatureWindow, callers: FeatureWindow, emit: Anomaly[] | null): void => {
    const gap = wireGap(service, callers);
    if (gap === null) return;
    const own = service.p50Ms!;
    const usual = stateOf(service).median?.lastBaseline;
    judge(callers, stateOf(callers), 'p50Ms', gap, wireRule(usual !== undefined && Number.isFinite(usual) ? usual : own), emit, () => true, (a) => ({ ...a, value: callers.p50Ms!, baseline: own + a.baseline }));
  };

  /**
   * One value of one series against its baseline: `confirm` may still drop an anomalous window (it is then normal
   * for the baseline); confirmed runs are emitted, shaped by `report`. Returns whether the window rose beyond the
   * series' noise before `confirm`.
   */
  const judge = (
    row: FeatureWindow, state: SeriesState, feature: FeatureName, value: number, rule: FeatureRule, emit: Anomaly[] | null,
    confirm: (v: Verdict, b: FeatureBaseline) => boolean, report: (a: Anomaly) => Anomaly = (a) => a,
  ): boolean => {
    const b = (state.baselines[feature] ??= new FeatureBaseline(cfg.historyWindows, shape));
    if (row.windowStart <= b.lastWindow) return false;
    b.lastWindow = row.windowStart;
    b.observations++;
    const v = b.evaluate(row.windowStart, value, rule, cfg.threshold);
    let anomalous = v.anomalous && b.observations > cfg.warmupWindows && b.size >= 3;
    const rose = anomalous && v.direction === 'up';
    if (anomalous) anomalous = confirm(v, b);
    if (!anomalous) {
      b.acceptNormal(row.windowStart, value, v.seasonal);
      delete state.pending[feature];
      return rose;
    }
    const streak = b.streak + 1;
    b.recordAnomalous(row.windowStart, value, v.seasonal, cfg.levelShiftWindows);
    const anomaly = report({
      service: row.service,
      operation: row.operation,
      feature,
      windowStart: new Date(row.windowStart).toISOString(),
      value,
      baseline: v.baseline,
      score: v.score,
      direction: v.direction,
    });
    const pending = (state.pending[feature] ??= []);
    pending.push(anomaly);
    if (streak >= cfg.confirmWindows) {
      if (emit !== null) emit.push(...pending);
      pending.length = 0;
    }
    return rose;
  };

  /**
   * An evidence-only series: judged like an alarmed one (same rule, threshold, warm-up; anomalous windows kept out
   * of its baseline), never emitted. Returns the verdict, or null before it is warm or when the window is not new.
   */
  const watchEvidence = (b: FeatureBaseline, row: FeatureWindow, value: number, rule: FeatureRule): Verdict | null => {
    if (row.windowStart <= b.lastWindow) return null;
    b.lastWindow = row.windowStart;
    b.observations++;
    const v = b.evaluate(row.windowStart, value, rule, cfg.threshold);
    const warm = b.observations > cfg.warmupWindows && b.size >= 3;
    if (warm && v.anomalous) b.recordAnomalous(row.windowStart, value, v.seasonal, cfg.levelShiftWindows);
    else b.acceptNormal(row.windowStart, value, v.seasonal);
    return warm ? v : null;
  };

  const newBaseline = (): FeatureBaseline => new FeatureBaseline(cfg.historyWindows, shape);

  /**
   * The median's rise in this window, as a robust score, counted only when it is a latency change by the floors of
   * the latency rule (×1.4 and +5 ms): backs or vetoes a tail-only rise.
   */
  const bodyOf = (row: FeatureWindow, state: SeriesState): RowEvidence => {
    if (row.p50Ms === null || !Number.isFinite(row.p50Ms) || row.requests < MIX_MIN_REQUESTS) return { body: Infinity };
    const rule = cfg.rules.p95Ms;
    const v = watchEvidence((state.median ??= newBaseline()), row, row.p50Ms, rule);
    if (v === null) return { body: Infinity };
    const rise = row.p50Ms - v.baseline;
    return { body: rise >= Math.max(rule.minAbs, rule.minRel * Math.abs(v.baseline)) ? v.score : 0 };
  };

  /** An operation's p95 from MIX_MIN_REQUESTS requests: whether it could be judged, and whether it rose. */
  const operationP95 = (row: FeatureWindow, state: SeriesState): { judged: boolean; rose: boolean } => {
    if (row.p95Ms === null || !Number.isFinite(row.p95Ms) || row.requests < MIX_MIN_REQUESTS) return { judged: false, rose: false };
    const v = watchEvidence((state.mixP95 ??= newBaseline()), row, row.p95Ms, cfg.rules.p95Ms);
    return { judged: v !== null, rose: v !== null && v.anomalous && v.direction === 'up' };
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

  /**
   * Operation rows before their service's row of the same window, so the mix check has their verdicts; the callers'
   * row of a service is judged with the service's row (wire time), never on its own features.
   */
  const feed = (rows: readonly FeatureWindow[], emit: Anomaly[] | null): void => {
    const serviceLast = (r: FeatureWindow): number => (r.operation === ALL_OPERATIONS ? 1 : 0);
    const ordered = [...rows].sort((a, b) => a.windowStart - b.windowStart || serviceLast(a) - serviceLast(b));
    const windowKey = (r: FeatureWindow): string => `${r.service}\u0000${r.resolution}\u0000${r.windowStart}`;
    const callers = new Map<string, FeatureWindow>();
    for (const row of rows) if (row.operation === CALLERS_OPERATION) callers.set(windowKey(row), row);
    for (const row of ordered) {
      if (row.operation === CALLERS_OPERATION) continue;
      const state = stateOf(row);
      const ev = bodyOf(row, state);
      const op = row.operation === ALL_OPERATIONS ? null : operationP95(row, state);
      let moved = op?.rose ?? false;
      for (const f of cfg.features) {
        const rose = observeFeature(row, state, f, emit, ev);
        if (isLatency(f)) moved ||= rose;
      }
      if (op !== null) mix.note(row, op.judged, moved);
      const c = row.operation === ALL_OPERATIONS ? callers.get(windowKey(row)) : undefined;
      if (c !== undefined) observeWire(row, c, emit);
    }
    mix.clear();
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
