/**
 * The detector contract. Detectors are pure and stateful: they keep per-series baselines in memory,
 * fed with closed feature windows in event-time order. Several detectors (the seasonal baseline,
 * later ONNX models) are combined behind one Detector by the registry.
 */
import type { Anomaly } from './incidents.js';
import type { FeatureWindow } from './features.js';

export interface Detector {
  readonly name: string;
  /** Prime baselines from history (event-time order) without emitting anomalies. */
  warm(rows: readonly FeatureWindow[]): void;
  /** Feed newly closed windows (event-time order per series); returns CONFIRMED anomalies for them. */
  observe(rows: readonly FeatureWindow[]): Anomaly[];
  /**
   * Optional asynchronous step awaited before `observe` with the same rows: learned detectors score the whole
   * closed batch there in one model call (ONNX Runtime runs asynchronously), so `observe` stays synchronous.
   */
  prepare?(rows: readonly FeatureWindow[]): Promise<void>;
}
