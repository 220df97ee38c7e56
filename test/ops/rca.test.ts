/** `runRca` (behind `aiops rca`, the API, Slack and the agent) over real PGlite stores seeded with a fault. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedScenario, type SeededScenario } from '../../src/eval/nlq/seed-scenario.js';
import type { OpsContext } from '../../src/ops/context.js';
import { runRca } from '../../src/ops/rca.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import { edgeWindow } from '../stores/fixtures.js';

const MIN = 60_000;
const END = Date.UTC(2026, 0, 10, 12, 0);

describe('runRca', () => {
  let stores: Stores;
  let ops: OpsContext;
  let scenario: SeededScenario;
  beforeAll(async () => {
    stores = await openStores({ dataDir: 'memory://' });
    scenario = await seedScenario(stores, { endMs: END });
    // A cycle: the faulty service calls back into the gateway.
    await stores.graph.upsertEdges([edgeWindow({ caller: scenario.faulty, callee: 'web-gateway', windowStart: scenario.endMs - 10 * MIN, calls: 5 })]);
    ops = { features: stores.features, graph: stores.graph, incidents: stores.incidents, clock: { now: () => END }, windowMs: MIN };
  });
  afterAll(async () => {
    await stores.close();
  });

  it('ranks the faulty service first from a caller, with its fault class and numbers', async () => {
    const r = await runRca(ops, { service: 'checkout' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const top = r.value.rootCauses[0];
    expect(top).toMatchObject({ service: scenario.faulty, faultType: 'latency' });
    expect(top.evidence[0]).toMatch(new RegExp(`^p50 of ${scenario.faulty} [\\d.]+ ms → [\\d.]+ ms \\([\\d.]+×\\) from \\d\\d:\\d\\d$`));
    expect(top.evidence.join('\n')).toMatch(/explains \d+% of the extra p50 of checkout/);
    expect(r.value.scope.anomalies).toBeGreaterThan(0);
  });

  it('says so for an unknown service and for a window without anomalies', async () => {
    const unknown = await runRca(ops, { service: 'billing' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_SERVICE' } });
    const quiet = await runRca(ops, { service: 'checkout', at: scenario.endMs - 60 * MIN });
    expect(quiet.ok).toBe(true);
    if (!quiet.ok) return;
    expect(quiet.value.rootCauses).toEqual([]);
    expect(quiet.value.reason).toMatch(/^no anomaly around checkout between /);
  });
});
