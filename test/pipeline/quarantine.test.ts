// A row the store refuses as data (a NUL byte in a name) is quarantined; the rest of the flush is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import { createWriteBehind } from '../../src/pipeline/write-behind.js';
import { isDataError, writeOrQuarantine } from '../../src/pipeline/quarantine.js';
import { createMetrics } from '../../src/obs/metrics.js';
import { featureRow } from '../stores/fixtures.js';

describe('writeOrQuarantine', () => {
  it('isolates the rows that fail alone with a data error', async () => {
    const written: number[] = [];
    const write = async (rows: readonly number[]) => {
      if (rows.some((r) => r % 7 === 0)) throw Object.assign(new Error('invalid byte sequence'), { code: '22021' });
      written.push(...rows);
    };
    const { bad } = await writeOrQuarantine([1, 2, 7, 3, 14, 4, 5], write);
    expect(bad).toEqual([7, 14]);
    expect(written.sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('lets an outage through instead of quarantining', async () => {
    const down = Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
    await expect(writeOrQuarantine([1, 2], async () => Promise.reject(down))).rejects.toBe(down);
    expect(isDataError(new Error('x', { cause: { code: '22P05' } }))).toBe(true);
    expect(isDataError({ code: '57P01' })).toBe(false);
  });
});

describe('write-behind on PGlite', () => {
  let stores: Stores;
  beforeAll(async () => {
    stores = await openStores({ dataDir: 'memory://' });
  }, 60_000);
  afterAll(() => stores?.close());

  it('a NUL in one service name loses no other service’s window, and the checkpoint is written', async () => {
    const metrics = createMetrics();
    const wb = createWriteBehind(
      { windowMs: 60_000, flushIntervalMs: 1000, maxRows: 1000, checkpointKey: 'cp.test' },
      { features: stores.features, graph: stores.graph, state: stores.state, metrics, clock: { now: () => 0 } },
    );
    const t = Date.UTC(2026, 11, 5, 10);
    wb.add({ features: [featureRow({ service: 'bad\u0000name', windowStart: t }), featureRow({ service: 'good', windowStart: t })], edges: [], nodes: [] });
    await wb.flush({ good: t + 60_000 });
    const rows = await stores.features.queryRange(t, t + 60_000);
    expect(rows.map((r) => r.service)).toEqual(['good']);
    expect(await stores.state.get('cp.test')).toEqual({ good: t + 60_000 });
    expect(await metrics.registry.getSingleMetricAsString('aiops_rejected_total')).toContain('aiops_rejected_total{signal="windows",reason="quarantined"} 1');
  });
});
