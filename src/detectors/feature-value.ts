/** A watched feature's value on a feature row: a column, or derived from the window's sums. */
import type { FeatureName, FeatureWindow } from '../core/index.js';

/** `selfMs` is self time per request (selfTimeMs / requests), null without requests or self time; the rest are columns. */
export function featureValue(row: FeatureWindow, feature: FeatureName): number | null | undefined {
  if (feature === 'selfMs') return row.selfTimeMs == null || row.requests <= 0 ? null : row.selfTimeMs / row.requests;
  return row[feature];
}
