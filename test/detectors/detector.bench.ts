/**
 * Cost of the seasonal detector (not a timed test). Run:
 *   node --expose-gc --import tsx test/detectors/detector.bench.ts
 * Last line: RESULT {json}.
 */
import type { FeatureWindow } from '../../src/core/index.js';
import { createSeasonalDetector } from '../../src/detectors/seasonal-baseline.js';
import { MIN, T0, fw, gauss, rng } from './rows.js';

const SERIES = 2_000;
const WINDOWS = 120;
const r = rng(1);
const detector = createSeasonalDetector();
/** Heap plus typed-array backing stores, which live outside the V8 heap. */
const used = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
gc();
const heap0 = used();
let cpu = 0;
let values = 0;
for (let w = 0; w < WINDOWS; w++) {
  const rows: FeatureWindow[] = [];
  for (let s = 0; s < SERIES; s++) {
    const requests = Math.round(300 + 17 * gauss(r));
    const p95 = 80 * Math.exp(0.08 * gauss(r));
    rows.push(fw(T0 + w * MIN, { service: `svc-${s % 50}`, operation: `op-${s}`, requests, errors: 3, errorRate: 3 / requests, throughput: requests / 60, p95Ms: p95, p99Ms: p95 * 1.3, cpu: 0.4 + 0.03 * gauss(r) }));
  }
  const t0 = process.cpuUsage();
  detector.observe(rows);
  const t = process.cpuUsage(t0);
  cpu += t.user + t.system;
  values += rows.length * 5;
}
gc();
const bytesPerFeature = Math.round((used() - heap0) / (SERIES * 5));
const usPerValue = cpu / values;
console.log(`detector: ${usPerValue.toFixed(2)} µs per (series, feature) window, ${bytesPerFeature} bytes per (series, feature)`);
console.log(`RESULT ${JSON.stringify({ usPerValue: Number(usPerValue.toFixed(3)), bytesPerFeature })}`);
