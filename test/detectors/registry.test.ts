import { describe, expect, it } from 'vitest';
import type { Anomaly, FeatureWindow } from '../../src/core/index.js';
import type { Detector } from '../../src/core/detector.js';
import { createDetectorRegistry } from '../../src/detectors/registry.js';
import { createSeasonalDetector } from '../../src/detectors/seasonal-baseline.js';
import { fw, latencySeries, T0 } from './rows.js';

function scripted(name: string, out: Anomaly[]): Detector & { warmed: FeatureWindow[]; seen: FeatureWindow[] } {
  const d = {
    name,
    warmed: [] as FeatureWindow[],
    seen: [] as FeatureWindow[],
    warm(rows: readonly FeatureWindow[]) {
      d.warmed.push(...rows);
    },
    observe(rows: readonly FeatureWindow[]) {
      d.seen.push(...rows);
      return out;
    },
  };
  return d;
}

const anomaly = (feature: Anomaly['feature'], score: number): Anomaly => ({
  service: 'a', operation: '', feature, windowStart: new Date(T0).toISOString(), value: 1, baseline: 0, score, direction: 'up',
});

describe('detector registry', () => {
  it('fans rows out to every detector and keeps the best-scored anomaly per series window', () => {
    const one = scripted('one', [anomaly('p95Ms', 5), anomaly('errorRate', 9)]);
    const two = scripted('two', [anomaly('p95Ms', 7)]);
    const reg = createDetectorRegistry([one, two]);
    reg.warm([fw(T0)]);
    const out = reg.observe([fw(T0 + 60_000)]);
    expect(one.warmed).toHaveLength(1);
    expect(two.seen).toHaveLength(1);
    expect(out).toHaveLength(2);
    expect(out.find((a) => a.feature === 'p95Ms')!.score).toBe(7);
    expect(reg.name).toBe('registry(one,two)');
  });

  it('works with the seasonal detector', () => {
    const rows = latencySeries(150, 11, (i) => (i >= 100 ? 400 : null));
    const reg = createDetectorRegistry([createSeasonalDetector()]);
    const out = reg.observe(rows);
    expect(out.filter((a) => a.feature === 'p95Ms')[0].windowStart).toBe(new Date(rows[100].windowStart).toISOString());
  });
});
