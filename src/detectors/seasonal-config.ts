/** Configuration of the seasonal baseline detector, with documented defaults. */
import type { FeatureName } from '../core/index.js';

/**
 * When a change of one feature is worth an alarm. A deviation must exceed both `minAbs` and
 * `minRel`·|baseline|; that minimum, divided by the threshold, is also the floor of the noise scale,
 * so a series with a near-zero MAD cannot alarm on a tiny change.
 */
export interface FeatureRule {
  direction: 'up' | 'down' | 'both';
  minAbs: number;
  minRel: number;
  /** Request-derived: skipped when the window had fewer than `minRequests` requests. */
  needsTraffic: boolean;
  /**
   * For utilisation features: a rise only alarms when the value itself reaches this level. CPU going from 40 % to
   * 65 % because traffic rose is capacity doing its job; 90 % is saturation.
   */
  minValue?: number;
  /**
   * Requests per window below which this feature is ignored, instead of the detector's `minRequests`: stricter for
   * p99 (p99 of 20 requests is their maximum), looser for a mean (self time per request is steady on a few requests).
   */
  minRequests?: number;
}

export interface SeasonalConfig {
  /** Observations of a series before it may alarm (20). */
  warmupWindows: number;
  /** Recent normal windows in the baseline (60). */
  historyWindows: number;
  /** Robust score above which a window is anomalous (4, in MAD-sigmas). */
  threshold: number;
  /** Consecutive anomalous windows before the first anomaly is emitted (2). */
  confirmWindows: number;
  /** Requests per window below which request-derived features are ignored (20). */
  minRequests: number;
  /** Errors per window below which an error-rate rise is not anomalous (3). */
  minErrors: number;
  /** Consecutive anomalous windows after which the new level becomes the baseline (60). */
  levelShiftWindows: number;
  /** Features watched. */
  features: FeatureName[];
  rules: Record<FeatureName, FeatureRule>;
  /** Seasonality period (1 day), profile slot (10 min), match tolerance (±15 min), days kept (3). */
  seasonPeriodMs: number;
  seasonSlotMs: number;
  seasonToleranceMs: number;
  seasonDays: number;
}

const latency: FeatureRule = { direction: 'up', minAbs: 5, minRel: 0.4, needsTraffic: true };
/** p99 needs enough requests to be more than the slowest one or two. */
const tailLatency: FeatureRule = { ...latency, minRequests: 100 };

export const DEFAULT_RULES: Record<FeatureName, FeatureRule> = {
  // From 5 requests: at night a busy service gets 10 a minute, and its error fault is 2–6 errors of them. The
  // binomial test against the usual rate (seasonal-baseline.ts) and `minErrors` keep chance errors quiet.
  errorRate: { direction: 'up', minAbs: 0.02, minRel: 0, needsTraffic: true, minRequests: 5 },
  p50Ms: latency,
  p95Ms: latency,
  p99Ms: tailLatency,
  // A service's own work per request: its latency faults show here even when its callees' time dominates its p95,
  // and on a low-traffic service (a mean of 5 requests is steadier than their p95). Heavy tails inflate a mean, so
  // the change must double it, and two windows in a row confirm (seasonal-baseline.ts).
  selfMs: { direction: 'up', minAbs: 2, minRel: 1, needsTraffic: true, minRequests: 5 },
  throughput: { direction: 'both', minAbs: 0.1, minRel: 0.4, needsTraffic: false },
  cpu: { direction: 'up', minAbs: 0.15, minRel: 0, needsTraffic: false, minValue: 0.8 },
  memory: { direction: 'up', minAbs: 0.01, minRel: 0.1, needsTraffic: false },
  gcMs: { direction: 'up', minAbs: 100, minRel: 0.5, needsTraffic: false },
  poolUse: { direction: 'up', minAbs: 0.2, minRel: 0, needsTraffic: false, minValue: 0.8 },
  logError: { direction: 'up', minAbs: 5, minRel: 1, needsTraffic: false },
};

export const DEFAULT_SEASONAL_CONFIG: SeasonalConfig = {
  warmupWindows: 20,
  historyWindows: 60,
  threshold: 4,
  confirmWindows: 2,
  minRequests: 20,
  minErrors: 3,
  levelShiftWindows: 60,
  features: ['errorRate', 'p95Ms', 'p99Ms', 'selfMs', 'throughput', 'cpu', 'memory', 'gcMs', 'poolUse', 'logError'],
  rules: DEFAULT_RULES,
  seasonPeriodMs: 86_400_000,
  seasonSlotMs: 600_000,
  seasonToleranceMs: 900_000,
  seasonDays: 3,
};

export function resolveSeasonalConfig(over: Partial<SeasonalConfig> = {}): SeasonalConfig {
  const cfg = { ...DEFAULT_SEASONAL_CONFIG, ...over, rules: { ...DEFAULT_RULES, ...over.rules } };
  if (cfg.confirmWindows < 1 || cfg.historyWindows < 3 || cfg.threshold <= 0) {
    throw new RangeError('confirmWindows >= 1, historyWindows >= 3 and threshold > 0 are required');
  }
  return cfg;
}
