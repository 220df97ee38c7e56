/**
 * Drift on a simulated distribution shift: every service's latency doubles from minute 120. The PSI of the p50/p95
 * residuals against the active model's training deciles crosses 0.25, the drift is audited, and retraining registers
 * a shadow model while the active one keeps scoring.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDrift } from '../../src/models/drift-check.js';
import { promoteModel, registerModel } from '../../src/models/registry.js';
import { residualCsv } from '../../src/models/residual-rows.js';
import { fitModel } from '../../src/models/train.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import { MIN, T0 } from '../detectors/rows.js';
import { serviceRows, trainingPython } from './training-fixtures.js';

const { python, reason } = trainingPython();
const SHIFT_AT = 120;

describe.skipIf(!python)(`drift on a latency shift${python ? '' : ` — skipped: ${reason}`}`, () => {
  let dir: string;
  let stores: Stores;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aiops-drift-'));
    stores = await openStores({ dataDir: 'memory://' });
    const rows = serviceRows(180, 23, (_s, m) => (m >= SHIFT_AT ? 2 : 1));
    await stores.features.upsertWindows(rows);
    // the active model: trained on the normal first two hours
    const normal = rows.filter((r) => r.windowStart < T0 + SHIFT_AT * MIN);
    const onnx = await fitModel('iforest', residualCsv([{ name: 'normal', rows: normal, faults: [], scoreFrom: T0 + 30 * MIN }]).csv, await mkdtemp(join(dir, 'fit-')), python!);
    const m = await registerModel(stores.models, join(dir, 'models'), { onnxPath: onnx, actor: 'alice', trainedFrom: new Date(T0).toISOString(), trainedTo: new Date(T0 + SHIFT_AT * MIN).toISOString(), source: 'synthetic' });
    await stores.models.audit({ at: new Date().toISOString(), modelId: m.id, actor: 'alice', event: 'shadow_compared', detail: 'test' });
    await promoteModel(stores.models, m.id, 'alice');
  }, 180_000);
  afterAll(async () => {
    await stores?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sees no drift in p50/p95 before the shift', async () => {
    const d = await checkDrift(stores, { kind: 'iforest', from: T0 + 70 * MIN, to: T0 + SHIFT_AT * MIN, actor: 'drift-job', modelsDir: join(dir, 'models') });
    expect(d.model).toBe('iforest-v1');
    expect(d.report.rows).toBe(4 * 50);
    const byName = Object.fromEntries(d.report.features.map((f) => [f.feature, f]));
    expect(byName['p50Ms']!.drifted).toBe(false);
    expect(byName['p95Ms']!.drifted).toBe(false);
  });

  it('detects the doubled latency on p50/p95 and retrains a shadow model; the active model stays active', async () => {
    const d = await checkDrift(stores, {
      kind: 'iforest', from: T0 + SHIFT_AT * MIN, to: T0 + (SHIFT_AT + 25) * MIN, actor: 'drift-job', modelsDir: join(dir, 'models'),
      retrain: { from: T0 + (SHIFT_AT - 60) * MIN, to: T0 + 180 * MIN }, python: python!,
    });
    expect(d.report.drifted).toBe(true);
    const byName = Object.fromEntries(d.report.features.map((f) => [f.feature, f]));
    expect(byName['p50Ms']!.psi).toBeGreaterThan(0.25);
    expect(byName['p95Ms']!.psi).toBeGreaterThan(0.25);
    expect(d.retrained).toMatchObject({ id: 'iforest-v2', status: 'shadow' });
    const statuses = Object.fromEntries((await stores.models.list()).map((m) => [m.id, m.status]));
    expect(statuses).toEqual({ 'iforest-v1': 'active', 'iforest-v2': 'shadow' });
    const log = (await stores.models.auditLog()).map((e) => `${e.modelId} ${e.event} ${e.actor}`);
    expect(log).toEqual(expect.arrayContaining(['iforest-v1 drift drift-job', 'iforest-v2 registered drift-job (drift)']));
  }, 180_000);
});
