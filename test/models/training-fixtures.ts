/**
 * Shared by the training tests: the pinned Python environment (training/setup.sh, cached under
 * ~/.cache/otlp-aiops/train-venv) and small synthetic service streams with seeded noise.
 */
import { spawnSync } from 'node:child_process';
import type { FeatureWindow } from '../../src/core/index.js';
import type { LabelledStream } from '../../src/models/labelled-windows.js';
import { fw, gauss, MIN, rng, T0 } from '../detectors/rows.js';

/** The venv's python, or why it could not be made (then the suites skip with that reason in their title). */
export function trainingPython(): { python: string | null; reason: string } {
  const r = spawnSync('bash', ['training/setup.sh'], { encoding: 'utf8', timeout: 900_000 });
  const python = r.status === 0 ? r.stdout.trim().split('\n').at(-1) ?? '' : '';
  if (python) return { python, reason: '' };
  return { python: null, reason: `training/setup.sh failed (python3 -m venv / pip unavailable?): ${(r.stderr || String(r.error ?? '')).trim().split('\n').at(-1) ?? ''}` };
}

export const SERVICES = ['cart', 'checkout', 'frontend', 'payment'];

/** `minutes` 1m windows per service: ~600 requests, p50 40 ms / p95 100 ms with noise, `latencyFactor(service, minute)` scaling both. */
export function serviceRows(minutes: number, seed: number, latencyFactor: (service: string, minute: number) => number = () => 1, start = T0): FeatureWindow[] {
  const r = rng(seed);
  const rows: FeatureWindow[] = [];
  for (let m = 0; m < minutes; m++) {
    for (const service of SERVICES) {
      const f = latencyFactor(service, m);
      const requests = Math.round(600 + 20 * gauss(r));
      rows.push(fw(start + m * MIN, { service, requests, throughput: requests / 60, p50Ms: (40 + 2 * gauss(r)) * f, p95Ms: (100 + 5 * gauss(r)) * f, p99Ms: (150 + 8 * gauss(r)) * f, cpu: 0.3 + 0.02 * gauss(r), memory: 500 + 5 * gauss(r) }));
    }
  }
  return rows;
}

/** 120 minutes of 4 services; checkout's latency ×5 during minutes 60–69 (labelled as a fault); scored from minute 30. */
export function tinyLabelledStream(): LabelledStream {
  return {
    name: 'tiny',
    rows: serviceRows(120, 11, (s, m) => (s === 'checkout' && m >= 60 && m < 70 ? 5 : 1)),
    faults: [{ nodes: ['checkout'], from: T0 + 60 * MIN, to: T0 + 70 * MIN, kind: 'latency' }],
    scoreFrom: T0 + 30 * MIN,
  };
}
