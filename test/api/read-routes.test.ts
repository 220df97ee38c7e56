/**
 * Behaviour of every read route of the HTTP API (INTERFACES.md) on the real server over PGlite: status codes,
 * bodies and validation errors. Authentication per route is test/api/auth.test.ts; actions are
 * action-routes/actions-honest; pictures test/render/picture-routes; Slack test/slack/receiver; Alertmanager and
 * /mcp test/mcp/mcp-api. The data is the seeded scenario (src/eval/nlq/seed-scenario.ts): its fault is on
 * `payments`, and every id and time below is derived by hand from its constants (end 11:58, fault from 11:33).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer, type ApiServer } from '../../src/api/api-server.js';
import { seedScenario } from '../../src/eval/nlq/seed-scenario.js';
import { silentLogger } from '../../src/obs/logger.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import { bearer, TOKENS, writeTokensFile } from '../helpers/api-auth.js';

const MIN = 60_000;
const NOW = Date.UTC(2026, 0, 10, 12, 0);
// Incident ids: "inc-" + opened time (yyyymmddThhmm) + suffix, newest first.
const OPEN = 'inc-20260110T1136-a1f3c9';
const NEWEST_FIRST = [OPEN, 'inc-20260109T1058-c9d011', 'inc-20260108T1158-5b20e4', 'inc-20260107T1158-e04b7d', 'inc-20260105T1158-77e2aa'];

let stores: Stores;
let ready = true;
let server: ApiServer;
let base: string;

const get = (path: string) => fetch(base + path, { headers: bearer(TOKENS.reader) });
const post = (path: string, body: string) => fetch(base + path, { method: 'POST', headers: { ...bearer(TOKENS.reader), 'content-type': 'application/json' }, body });
const json = async (r: Response) => (await r.json()) as Record<string, unknown> & { error?: { code: string; message: string } };

beforeAll(async () => {
  stores = await openStores({ dataDir: 'memory://', timescale: 'off' });
  await seedScenario(stores, { endMs: NOW });
  const ops = { features: stores.features, graph: stores.graph, incidents: stores.incidents, clock: { now: () => NOW }, windowMs: MIN };
  server = createApiServer(
    { host: '127.0.0.1', port: 0, api: { tokensFile: writeTokensFile(), oidc: undefined } },
    { ops, logger: silentLogger, metricsText: async () => 'aiops_up 1\n', ready: async () => ready },
  );
  await server.start();
  base = `http://127.0.0.1:${server.port()}`;
});
afterAll(async () => {
  await server?.stop();
  await stores?.close();
});

describe('probes and /metrics', () => {
  it('/healthz is 200 {status: ok}; /readyz follows readiness (503 unavailable when not ready)', async () => {
    expect(await json(await fetch(`${base}/healthz`))).toEqual({ status: 'ok' });
    expect(await json(await fetch(`${base}/readyz`))).toEqual({ status: 'ok' });
    ready = false;
    const down = await fetch(`${base}/readyz`);
    ready = true;
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unavailable' });
  });

  it('/metrics is the exposition text with its content type', async () => {
    const r = await get('/metrics');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await r.text()).toBe('aiops_up 1\n');
  });

  it('an unknown path or method is 404 with a coded error', async () => {
    const r = await get('/api/nope');
    expect(r.status).toBe(404);
    expect((await json(r)).error?.code).toBe('NOT_FOUND');
    expect((await get('/api/rca')).status).toBe(404);
  });
});

describe('GET /api/incidents and /api/incidents/:id', () => {
  it('lists newest first, filtered by status, since and limit', async () => {
    const ids = async (q: string) => ((await json(await get(`/api/incidents${q}`))).incidents as { id: string }[]).map((i) => i.id);
    expect(await ids('')).toEqual(NEWEST_FIRST);
    expect(await ids('?status=open')).toEqual([OPEN]);
    expect(await ids('?status=resolved')).toEqual(NEWEST_FIRST.slice(1));
    expect(await ids('?since=2026-01-08T00:00:00Z')).toEqual(NEWEST_FIRST.slice(0, 3));
    expect(await ids('?limit=2')).toEqual(NEWEST_FIRST.slice(0, 2));
  });

  it.each([
    ['?status=bogus', '"status" must be open or resolved'],
    ['?limit=0', '"limit"'],
    ['?limit=1001', '"limit"'],
    ['?since=yesterday', '"since"'],
  ])('GET /api/incidents%s → 400 (%s)', async (q, text) => {
    const r = await get(`/api/incidents${q}`);
    expect(r.status).toBe(400);
    expect((await json(r)).error?.message).toContain(text);
  });

  it('returns one incident with its root causes and timeline, 404 NOT_FOUND for an unknown id', async () => {
    const one = await json(await get('/api/incidents/inc-20260109T1058-c9d011'));
    expect(one).toMatchObject({
      id: 'inc-20260109T1058-c9d011', status: 'resolved', severity: 'medium', services: ['cart'],
      openedAt: '2026-01-09T10:58:00.000Z', resolvedAt: '2026-01-09T11:16:00.000Z',
      rootCauses: [{ service: 'cart', indicator: 'saturation', score: 0.64 }],
    });
    expect((one.timeline as { kind: string }[])[0]).toMatchObject({ at: '2026-01-09T10:58:00.000Z', kind: 'opened' });
    const missing = await get('/api/incidents/inc-nope');
    expect(missing.status).toBe(404);
    expect((await json(missing)).error?.code).toBe('NOT_FOUND');
  });
});

describe('GET /api/services and /api/graph', () => {
  it('lists services by name with their last sighting (the graph node the seed writes at its end, 11:58)', async () => {
    const { services } = (await json(await get('/api/services'))) as unknown as { services: { name: string; lastSeen: string }[] };
    expect(services.map((s) => s.name)).toEqual(['cart', 'checkout', 'inventory', 'notifier', 'payments', 'web-gateway']);
    expect(services.every((s) => s.lastSeen === '2026-01-10T11:58:00.000Z')).toBe(true);
  });

  it('answers the neighbourhood of a service to the depth asked', async () => {
    const from = '2026-01-10T11:00:00Z';
    const to = '2026-01-10T12:00:00Z';
    const g = (await json(await get(`/api/graph?service=payments&depth=1&from=${from}&to=${to}`))) as unknown as { nodes: { name: string }[]; edges: { from: string; to: string }[] };
    expect(g.nodes.map((n) => n.name).sort()).toEqual(['checkout', 'payments', 'payments-db']);
    expect(g.edges.map((e) => `${e.from}->${e.to}`).sort()).toEqual(['checkout->payments', 'payments->payments-db']);
    const whole = (await json(await get(`/api/graph?from=${from}&to=${to}`))) as unknown as { edges: unknown[] };
    expect(whole.edges).toHaveLength(7);
  });

  it('refuses a depth out of 0..10 (400) and an unknown service (404 UNKNOWN_SERVICE)', async () => {
    expect((await get('/api/graph?depth=11')).status).toBe(400);
    const unknown = await get('/api/graph?service=billing');
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).error?.code).toBe('UNKNOWN_SERVICE');
  });
});

describe('GET /api/features', () => {
  it('returns the windows of [from, to) at the resolution asked, without the sketch', async () => {
    const r = await json(await get('/api/features?service=payments&from=2026-01-10T11:50:00Z&to=2026-01-10T11:53:00Z'));
    const points = r.points as Record<string, unknown>[];
    expect(points.map((p) => p.windowStart)).toEqual(['2026-01-10T11:50:00.000Z', '2026-01-10T11:51:00.000Z', '2026-01-10T11:52:00.000Z']);
    expect(points[0]).toHaveProperty('p99Ms');
    expect(points[0]).not.toHaveProperty('sketch');
  });

  it.each([
    ['', 400, '"service" is required'],
    ['?service=payments&resolution=2m', 400, '"resolution" must be one of 1m, 5m, 15m, 1h'],
    ['?service=payments&from=2026-01-10T11:53:00Z&to=2026-01-10T11:50:00Z', 400, '"from" must be before "to"'],
    ['?service=billing', 404, 'unknown service "billing"'],
  ])('GET /api/features%s → %i', async (q, status, text) => {
    const r = await get(`/api/features${q}`);
    expect(r.status).toBe(status);
    expect((await json(r)).error?.message).toContain(text);
  });
});

describe('POST /api/rca', () => {
  it('ranks the seeded faulty service first when asked from its caller', async () => {
    const r = await post('/api/rca', JSON.stringify({ service: 'checkout' }));
    expect(r.status).toBe(200);
    const { rootCauses } = (await json(r)) as unknown as { rootCauses: { service: string }[] };
    expect(rootCauses[0]?.service).toBe('payments');
  });

  it.each([
    ['{"service":', 400, ''],
    ['{}', 400, 'service'],
    ['{"service":"checkout","at":"not a time"}', 400, '"at" must be an ISO time'],
    ['{"service":"checkout","window":"soon"}', 400, '"window" must be a duration like 30m'],
    ['{"service":"billing"}', 404, 'unknown service "billing"'],
  ])('POST /api/rca %s → %i', async (body, status, text) => {
    const r = await post('/api/rca', body);
    expect(r.status).toBe(status);
    expect((await json(r)).error?.message).toContain(text);
  });
});
