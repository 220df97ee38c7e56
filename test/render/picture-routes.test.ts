/** GET /api/graph.{svg,png}?incident=ID over the real HTTP server and PGlite stores. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer, type ApiServer } from '../../src/api/api-server.js';
import { silentLogger } from '../../src/obs/logger.js';
import type { OpsContext } from '../../src/ops/context.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import { edgeWindow, incident } from '../stores/fixtures.js';
import { pngSize } from './png.js';

const MIN = 60_000;
const OPENED = Date.UTC(2026, 0, 10, 10, 0);

describe('incident picture routes', () => {
  let stores: Stores;
  let api: ApiServer;
  let base: string;
  beforeAll(async () => {
    stores = await openStores({ dataDir: 'memory://' });
    await stores.graph.upsertEdges([
      edgeWindow({ caller: 'frontend', callee: 'checkout', windowStart: OPENED - 5 * MIN, calls: 200, errors: 50, p99Ms: 900 }),
      edgeWindow({ caller: 'checkout', callee: 'payments', windowStart: OPENED - 5 * MIN, calls: 100, errors: 0, p99Ms: 40 }),
      edgeWindow({ caller: 'payments', callee: 'ledger-db', calleeKind: 'database', windowStart: OPENED - 5 * MIN }),
      // Outside the incident's time range: must not appear.
      edgeWindow({ caller: 'checkout', callee: 'old-service', windowStart: OPENED - 6 * 60 * MIN }),
    ]);
    await stores.incidents.save(incident({ id: 'inc-pic', openedAt: new Date(OPENED).toISOString(), firstAnomalyAt: new Date(OPENED - 2 * MIN).toISOString() }));
    const ops: OpsContext = { features: stores.features, graph: stores.graph, incidents: stores.incidents, clock: { now: () => OPENED }, windowMs: MIN };
    api = createApiServer({ host: '127.0.0.1', port: 0 }, { ops, metricsText: async () => '', ready: async () => true, logger: silentLogger });
    await api.start();
    base = `http://127.0.0.1:${api.port()}`;
  });
  afterAll(async () => {
    await api.stop();
    await stores.close();
  });

  it('answers SVG with the incident services, neighbours in range and the root cause highlighted', async () => {
    const res = await fetch(`${base}/api/graph.svg?incident=inc-pic`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    // Graphviz writes '-' as a character reference.
    const svg = (await res.text()).replace(/&#45;/g, '-');
    for (const n of ['frontend', 'checkout', 'payments', 'ledger-db', '25.0% err']) expect(svg).toContain(n);
    expect(svg).not.toContain('old-service');
    expect(svg).toContain('fill="#d62828"');
  });

  it('answers a PNG', async () => {
    const res = await fetch(`${base}/api/graph.png?incident=inc-pic`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const { width, height } = pngSize(new Uint8Array(await res.arrayBuffer()));
    expect(width).toBeGreaterThan(100);
    expect(height).toBeGreaterThan(0);
  });

  it('404s an unknown incident and 400s a missing parameter', async () => {
    const unknown = await fetch(`${base}/api/graph.png?incident=nope`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect((await fetch(`${base}/api/graph.svg`)).status).toBe(400);
  });
});
