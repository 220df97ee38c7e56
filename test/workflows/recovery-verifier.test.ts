/**
 * The recovery verifier on the real feature store (PGlite): the newest service window closed since the change,
 * each anomalous feature against its onset baseline × 1.5 (÷ for drops, +0.01 slack on error rate), the
 * remediated service's own anomalies first. Thresholds below are worked out by hand from those rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action, Anomaly, FeatureWindow } from '../../src/core/index.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import { createFeatureVerifier, type RecoveryVerifier } from '../../src/workflows/verify/recovery-verifier.js';
import { featureRow } from '../stores/fixtures.js';
import { incident, MIN, T0 } from './harness.js';

let stores: Stores;
let verifier: RecoveryVerifier;
beforeAll(async () => {
  stores = await openStores({ dataDir: 'memory://', timescale: 'off' });
  verifier = createFeatureVerifier(stores.features, { windowMs: MIN });
}, 120_000);
afterAll(async () => stores?.close());

const action = (service: string): Action => ({ id: `act-${service}`, incidentId: 'inc-1', type: 'AUTO_SCALE', target: { service, namespace: 'shop' }, params: {}, riskScore: 0.2, requiresApproval: false, status: 'running', dryRun: true, audit: [] });
const anomaly = (service: string, o: Partial<Anomaly> = {}): Anomaly => ({ service, operation: '', feature: 'p99Ms', windowStart: new Date(T0 - 10 * MIN).toISOString(), value: 600, baseline: 100, score: 9, direction: 'up', ...o });
const windows = (service: string, rows: [number, Partial<FeatureWindow>][]) => stores.features.upsertWindows(rows.map(([at, o]) => featureRow({ service, windowStart: at, ...o })));

describe('recovery verifier', () => {
  it('judges the newest window since the change against the onset baseline × 1.5: 150 is back, 151 is not', async () => {
    // The later anomaly's baseline (300) is not the pre-fault level; the onset's (100) is.
    const inc = incident({ anomalies: [anomaly('svc-a', { windowStart: new Date(T0 - 5 * MIN).toISOString(), baseline: 300 }), anomaly('svc-a')] });
    await windows('svc-a', [[T0 - MIN, { p99Ms: 50 }], [T0, { p99Ms: 400 }], [T0 + MIN, { p99Ms: 150 }]]);
    expect(await verifier.check(action('svc-a'), inc, T0)).toEqual({ recovered: true, detail: 'svc-a: features back to baseline', evidence: ['svc-a p99Ms 150.000 vs baseline 100.000 (back)'] });
    await windows('svc-a', [[T0 + 2 * MIN, { p99Ms: 151 }]]);
    expect(await verifier.check(action('svc-a'), inc, T0)).toEqual({ recovered: false, detail: 'not yet back to baseline', evidence: ['svc-a p99Ms 151.000 vs baseline 100.000 (still off)'] });
  });

  it('a feature that dropped must come back to baseline ÷ 1.5 (20 of 30); error rate has 0.01 of slack (0.0115 for 0.001)', async () => {
    const inc = incident({ anomalies: [anomaly('svc-b', { feature: 'throughput', baseline: 30, value: 5, direction: 'down' }), anomaly('svc-b', { feature: 'errorRate', baseline: 0.001, value: 0.2 })] });
    await windows('svc-b', [[T0, { throughput: 20, errorRate: 0.0114 }]]);
    expect(await verifier.check(action('svc-b'), inc, T0)).toMatchObject({ recovered: true, evidence: ['svc-b throughput 20.000 vs baseline 30.000 (back)', 'svc-b errorRate 0.011 vs baseline 0.001 (back)'] });
    await windows('svc-b', [[T0 + MIN, { throughput: 19.9, errorRate: 0.0116 }]]);
    expect(await verifier.check(action('svc-b'), inc, T0)).toMatchObject({ recovered: false, evidence: ['svc-b throughput 19.900 vs baseline 30.000 (still off)', 'svc-b errorRate 0.012 vs baseline 0.001 (still off)'] });
  });

  it('the target’s own anomalies decide; the rest of the incident counts only when the target had none', async () => {
    const inc = incident({ anomalies: [anomaly('svc-c'), anomaly('svc-d')] });
    await windows('svc-c', [[T0, { p99Ms: 90 }]]);
    await windows('svc-d', [[T0, { p99Ms: 900 }]]);
    expect(await verifier.check(action('svc-c'), inc, T0)).toMatchObject({ recovered: true, evidence: ['svc-c p99Ms 90.000 vs baseline 100.000 (back)'] });
    expect(await verifier.check(action('svc-e'), inc, T0)).toEqual({ recovered: false, detail: 'not yet back to baseline', evidence: ['svc-c p99Ms 90.000 vs baseline 100.000 (back)', 'svc-d p99Ms 900.000 vs baseline 100.000 (still off)'] });
  });

  it('self time per request (selfMs) is derived from the window’s sums: 600 ms over 40 requests = 15 is back for a baseline of 10, 16 is not', async () => {
    // selfMs is no column of a feature window; read as one, a recovered service said "no value yet" for ever.
    const inc = incident({ anomalies: [anomaly('svc-s', { feature: 'selfMs', baseline: 10, value: 80 })] });
    await windows('svc-s', [[T0, { requests: 40, selfTimeMs: 600 }]]);
    expect(await verifier.check(action('svc-s'), inc, T0)).toEqual({ recovered: true, detail: 'svc-s: features back to baseline', evidence: ['svc-s selfMs 15.000 vs baseline 10.000 (back)'] });
    await windows('svc-s', [[T0 + MIN, { requests: 40, selfTimeMs: 640 }]]);
    expect(await verifier.check(action('svc-s'), inc, T0)).toEqual({ recovered: false, detail: 'not yet back to baseline', evidence: ['svc-s selfMs 16.000 vs baseline 10.000 (still off)'] });
  });

  it('no window since the change, no anomaly, no incident: not recovered, and says why; a resolved incident is', async () => {
    await windows('svc-f', [[T0 - MIN, { p99Ms: 80 }]]);
    expect(await verifier.check(action('svc-f'), incident({ anomalies: [anomaly('svc-f')] }), T0)).toEqual({ recovered: false, detail: 'not yet back to baseline', evidence: ['svc-f: no window closed since the change'] });
    expect(await verifier.check(action('svc-f'), incident({ anomalies: [] }), T0)).toEqual({ recovered: false, detail: 'the incident lists no anomaly to compare', evidence: [] });
    expect(await verifier.check(action('svc-f'), null, T0)).toEqual({ recovered: false, detail: 'incident not found', evidence: [] });
    expect(await verifier.check(action('svc-f'), incident({ id: 'inc-9', status: 'resolved' }), T0)).toEqual({ recovered: true, detail: 'incident inc-9 resolved', evidence: [] });
  });
});
