import { describe, expect, it } from 'vitest';
import type { Anomaly, FeatureWindow } from '../../src/core/index.js';
import { createSeasonalDetector } from '../../src/detectors/seasonal-baseline.js';
import { DAY, MIN, T0, fw, gauss, latencySeries, rng } from './rows.js';

/** Feeds rows one closed window at a time, as the pipeline does; returns anomalies with the window index fed. */
function stream(rows: FeatureWindow[], detector = createSeasonalDetector()): { at: number; a: Anomaly }[] {
  const out: { at: number; a: Anomaly }[] = [];
  rows.forEach((r, i) => {
    for (const a of detector.observe([r])) out.push({ at: i, a });
  });
  return out;
}

const iso = (i: number): string => new Date(T0 + i * MIN).toISOString();

describe('seasonal baseline detector', () => {
  it('ignores a one-minute spike', () => {
    const rows = latencySeries(200, 1, (i) => (i === 120 ? 900 : null));
    expect(stream(rows)).toEqual([]);
  });

  it('detects a sustained step within two windows of onset, with value, baseline and score', () => {
    const rows = latencySeries(200, 2, (i) => (i >= 120 ? 260 + (i % 3) : null));
    const found = stream(rows).filter((x) => x.a.feature === 'p95Ms');
    expect(found.length).toBeGreaterThan(0);
    expect(found[0].at).toBeLessThanOrEqual(121);
    expect(found[0].a.windowStart).toBe(iso(120));
    const a = found[0].a;
    expect(a).toMatchObject({ service: 'checkout', operation: '', direction: 'up' });
    expect(a.value).toBeGreaterThanOrEqual(260);
    expect(a.baseline).toBeGreaterThan(90);
    expect(a.baseline).toBeLessThan(110);
    expect(a.score).toBeGreaterThanOrEqual(4);
    expect(found.map((x) => x.a.windowStart)).toContain(iso(150));
  });

  it('emits every window of a confirmed run, and keeps the fault out of the baseline', () => {
    const rows = latencySeries(170, 3, (i) => (i >= 100 && i < 150 ? 400 : null));
    const found = stream(rows).filter((x) => x.a.feature === 'p95Ms');
    expect(found.map((x) => x.a.windowStart)).toEqual(Array.from({ length: 50 }, (_, k) => iso(100 + k)));
    expect(found.every((x) => x.a.baseline < 110)).toBe(true);
  });

  it('adopts a level shift after levelShiftWindows anomalous windows', () => {
    const rows = latencySeries(260, 4, (i) => (i >= 100 ? 300 + (i % 5) : null));
    const found = stream(rows, createSeasonalDetector({ levelShiftWindows: 30 })).filter((x) => x.a.feature === 'p95Ms');
    expect(found.length).toBeGreaterThanOrEqual(29);
    expect(found.every((x) => x.at < 140)).toBe(true);
  });

  it('detects a ramp before it has doubled the latency', () => {
    const rows = latencySeries(220, 12, (i) => (i >= 120 ? 100 + (i - 120) * 5 : null));
    const found = stream(rows).filter((x) => x.a.feature === 'p95Ms');
    expect(found[0].at).toBeGreaterThan(120);
    expect(rows[found[0].at].p95Ms!).toBeLessThan(200);
  });

  it('stays quiet on days of plain noise across features', () => {
    for (const seed of [21, 22, 23]) {
      const r = rng(seed);
      const rows = Array.from({ length: 2 * 1440 }, (_, i) => {
        const requests = Math.round(300 + 17 * gauss(r));
        const errors = Math.max(0, Math.round(3 + 1.7 * gauss(r)));
        const p95 = 80 * Math.exp(0.08 * gauss(r));
        return fw(T0 + i * MIN, {
          requests, errors, errorRate: errors / requests, throughput: requests / 60, p95Ms: p95, p99Ms: p95 * (1.3 + 0.1 * r()),
          cpu: 0.4 + 0.03 * gauss(r), memory: 2e8 * (1 + 0.01 * gauss(r)), gcMs: 40 + 10 * r(), poolUse: 0.3 + 0.05 * gauss(r), logError: Math.round(2 * r()),
        });
      });
      expect(stream(rows)).toEqual([]);
    }
  });

  it('raises nothing during warm-up', () => {
    const rows = latencySeries(40, 5, (i) => (i >= 10 ? 500 : null));
    const found = stream(rows).filter((x) => x.at < 20);
    expect(found).toEqual([]);
  });

  it('ignores low-traffic series, however noisy', () => {
    const r = rng(6);
    const rows = Array.from({ length: 300 }, (_, i) => {
      const requests = 1 + Math.floor(r() * 8);
      const errors = r() < 0.3 ? Math.min(requests, 1 + Math.floor(r() * 3)) : 0;
      const p = 20 + r() * 2000;
      return fw(T0 + i * MIN, { requests, errors, errorRate: errors / requests, throughput: requests / 60, p95Ms: p, p99Ms: p * 1.2 });
    });
    expect(stream(rows)).toEqual([]);
  });

  it("a low-traffic service's own work tripling is a selfMs anomaly, while its p95 (its callees' time) barely moves", () => {
    const r = rng(31);
    // 6–12 requests a minute (below the 20 that p95 needs), ~10 ms own work per request, ~200 ms p95 from callees.
    const rows = Array.from({ length: 200 }, (_, i) => {
      const requests = 6 + Math.floor(r() * 7);
      const own = (i >= 150 ? 30 : 10) + gauss(r);
      return fw(T0 + i * MIN, { requests, throughput: requests / 60, selfTimeMs: own * requests, p95Ms: 200 + 10 * gauss(r) });
    });
    const found = stream(rows);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((x) => x.a.feature === 'selfMs')).toBe(true);
    // Confirmed on the second faulty window, reported from the first.
    expect(found[0]).toMatchObject({ at: 151, a: { windowStart: iso(150), direction: 'up' } });
    expect(found[0].a.value).toBeGreaterThan(25);
    expect(found[0].a.baseline).toBeGreaterThan(8);
    expect(found[0].a.baseline).toBeLessThan(12);
  });

  it('an error fault on a quiet service (10 requests a minute at night, 4 of them failing) is found; chance single errors are not', () => {
    const r = rng(41);
    const rows = Array.from({ length: 200 }, (_, i) => {
      const errors = i >= 150 ? 4 : r() < 0.05 ? 1 : 0;
      return fw(T0 + i * MIN, { requests: 10, throughput: 10 / 60, errors, errorRate: errors / 10 });
    });
    const found = stream(rows);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((x) => x.a.feature === 'errorRate' && x.at >= 150)).toBe(true);
    expect(found[0]).toMatchObject({ at: 151, a: { windowStart: iso(150), value: 0.4 } });
  });

  it('one heavy-tailed window of own work (a single slow request in a mean of 8) does not alarm', () => {
    const rows = Array.from({ length: 200 }, (_, i) => fw(T0 + i * MIN, { requests: 8, throughput: 8 / 60, selfTimeMs: i === 150 ? 8 * 10 + 900 : 8 * (10 + (i % 3)) }));
    expect(stream(rows)).toEqual([]);
  });

  it('detects an error-rate rise and a traffic drop, and ignores an error-rate fall', () => {
    const r = rng(7);
    const rows = Array.from({ length: 200 }, (_, i) => {
      const requests = i >= 150 && i < 170 ? 150 : 600 + Math.round(20 * gauss(r));
      const errors = i >= 120 && i < 140 ? 60 : i >= 180 ? 0 : Math.round(3 + gauss(r));
      return fw(T0 + i * MIN, { requests, errors, errorRate: errors / requests, throughput: requests / 60 });
    });
    const found = stream(rows);
    const errs = found.filter((x) => x.a.feature === 'errorRate');
    expect(errs[0].a.windowStart).toBe(iso(120));
    expect(errs.every((x) => x.at >= 120 && x.at < 140)).toBe(true);
    const traffic = found.filter((x) => x.a.feature === 'throughput');
    expect(traffic[0].a.windowStart).toBe(iso(150));
    expect(traffic[0].a.direction).toBe('down');
  });

  it('learns a daily peak: normal at its hour after a day of history, anomalous at another hour', () => {
    const peakStart = 9 * 60;
    const r = rng(8);
    const minutes = 3 * 1440;
    const rows = Array.from({ length: minutes }, (_, i) => {
      const minuteOfDay = i % 1440;
      const inPeak = minuteOfDay >= peakStart && minuteOfDay < peakStart + 30;
      const offHourPeak = i >= 2 * 1440 + 15 * 60 && i < 2 * 1440 + 15 * 60 + 30;
      const requests = Math.round((inPeak || offHourPeak ? 1800 : 600) + 25 * gauss(r));
      return fw(T0 + i * MIN, { requests, throughput: requests / 60 });
    });
    const found = stream(rows).filter((x) => x.a.feature === 'throughput');
    const day = (x: { at: number }) => Math.floor(x.at / 1440);
    const withoutSeason = stream(rows, createSeasonalDetector({ seasonPeriodMs: 7 * DAY })).filter((x) => x.a.feature === 'throughput');
    expect(withoutSeason.some((x) => day(x) === 1)).toBe(true);
    expect(found.some((x) => day(x) === 0)).toBe(true);
    const later = found.filter((x) => day(x) >= 1);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((x) => x.at >= 2 * 1440 + 15 * 60 && x.at < 2 * 1440 + 15 * 60 + 30)).toBe(true);
    expect(T0 % DAY).toBe(0);
  });

  it('warm() primes baselines without emitting', () => {
    const rows = latencySeries(200, 9, (i) => (i >= 100 && i < 110 ? 500 : i >= 190 ? 500 : null));
    const d = createSeasonalDetector();
    d.warm(rows.slice(0, 180));
    expect(d.observe(rows.slice(180, 190))).toEqual([]);
    const after = d.observe(rows.slice(190)).filter((a) => a.feature === 'p95Ms');
    expect(after.map((a) => a.windowStart)).toEqual(Array.from({ length: 10 }, (_, k) => iso(190 + k)));
  });

  it('watches resource features with their floors', () => {
    const r = rng(10);
    const rows = Array.from({ length: 150 }, (_, i) =>
      fw(T0 + i * MIN, {
        cpu: (i >= 100 && i < 110 ? 0.85 : 0.3) + 0.02 * gauss(r),
        memory: 500e6 * (1 + 0.005 * gauss(r)) * (i >= 120 ? 1.03 : 1),
      }),
    );
    const found = stream(rows);
    expect(new Set(found.map((x) => x.a.feature))).toEqual(new Set(['cpu']));
    expect(found[0].a.windowStart).toBe(iso(100));
  });
});
