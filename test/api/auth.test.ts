/**
 * Issue 12 findings on the real API server: no credential → 401 on every protected route, roles → 403, a
 * forged Host → 421, a malformed percent-encoding or an out-of-range time → 400 (was 500), /metrics open only
 * by configuration, and the route table has no route this file does not know about.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer, type ApiServer } from '../../src/api/api-server.js';
import { coreRoutes } from '../../src/api/routes.js';
import { Registry } from 'prom-client';
import { createLogger, silentLogger } from '../../src/obs/logger.js';
import { bearer, TOKENS, writeTokensFile } from '../helpers/api-auth.js';
import { harness, MIN, type Harness } from '../workflows/harness.js';

// Written out by hand: a new route must be added here (the last test fails otherwise).
const PROTECTED: [method: string, path: string, role: 'read' | 'propose' | 'decide'][] = [
  ['GET', '/metrics', 'read'],
  ['GET', '/api/incidents', 'read'],
  ['GET', '/api/incidents/inc-1', 'read'],
  ['GET', '/api/services', 'read'],
  ['GET', '/api/graph', 'read'],
  ['GET', '/api/graph.svg?incident=inc-1', 'read'],
  ['GET', '/api/graph.png?incident=inc-1', 'read'],
  ['GET', '/api/features?service=checkout', 'read'],
  ['POST', '/api/rca', 'read'],
  ['GET', '/api/actions', 'read'],
  ['POST', '/api/actions', 'propose'],
  ['GET', '/api/actions/act-x', 'read'],
  ['POST', '/api/actions/act-x/approve', 'decide'],
  ['POST', '/api/actions/act-x/reject', 'decide'],
];
const PUBLIC = ['/healthz', '/readyz'];

let h: Harness;
const servers: ApiServer[] = [];
let base: string;

async function serve(api: Parameters<typeof createApiServer>[0]['api']): Promise<string> {
  const ops = { features: h.stores.features, graph: h.stores.graph, incidents: h.stores.incidents, clock: h.clock, windowMs: MIN };
  const s = createApiServer({ host: '127.0.0.1', port: 0, api }, { ops, logger: silentLogger, metricsText: async () => 'aiops_up 1\n', ready: async () => true, actions: h.deps, slack: async (_q, res) => void res.writeHead(401).end() });
  servers.push(s);
  await s.start();
  return `http://127.0.0.1:${s.port()}`;
}

const call = (url: string, method: string, headers: Record<string, string> = {}, body?: unknown) =>
  fetch(url, { method, headers: { ...(method === 'POST' ? { 'content-type': 'application/json' } : {}), ...headers }, body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined });

beforeAll(async () => {
  h = await harness();
  base = await serve({ tokensFile: writeTokensFile(), oidc: undefined });
});
afterAll(async () => {
  for (const s of servers) await s.stop();
  await h?.close();
});

describe('authentication on every protected route', () => {
  it.each(PROTECTED)('%s %s without a credential → 401 with WWW-Authenticate: Bearer', async (method, path) => {
    const res = await call(base + path, method);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="otlp-aiops"');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it.each(PROTECTED)('%s %s with an unknown token → 401 invalid_token', async (method, path) => {
    const res = await call(base + path, method, { authorization: 'Bearer not-a-known-token' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it.each(PROTECTED.filter((p) => p[2] !== 'read'))('%s %s with a read-only credential → 403', async (method, path) => {
    const res = await call(base + path, method, bearer(TOKENS.reader), { incidentId: 'inc-1', type: 'ALERT', target: { service: 'checkout' } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(path.endsWith('/api/actions') ? '"propose"' : '"decide"');
  });

  it.each(PROTECTED.filter((p) => p[2] === 'read'))('%s %s with a read credential is served (not 401/403)', async (method, path) => {
    const res = await call(base + path, method, bearer(TOKENS.reader), { service: 'checkout' });
    expect([401, 403, 421, 500]).not.toContain(res.status);
  });

  it('a token with only propose cannot decide, one with decide cannot propose unless it has the role', async () => {
    expect((await call(`${base}/api/actions/act-x/approve`, 'POST', bearer(TOKENS.proposer))).status).toBe(403);
    expect((await call(`${base}/api/actions`, 'POST', bearer(TOKENS.bob), { incidentId: 'inc-1', type: 'ALERT', target: { service: 'checkout' } })).status).toBe(403);
  });

  it('answers /healthz and /readyz without a credential and lets /slack/events verify its own signature', async () => {
    for (const p of PUBLIC) expect((await fetch(base + p)).status).toBe(200);
    expect((await call(`${base}/slack/events`, 'POST')).status).toBe(401);
  });

  it('serves /metrics without a credential only with AIOPS_METRICS_PUBLIC', async () => {
    const open = await serve({ tokensFile: writeTokensFile(), oidc: undefined, metricsPublic: true });
    expect(await (await fetch(`${open}/metrics`)).text()).toBe('aiops_up 1\n');
    expect((await fetch(`${open}/api/services`)).status).toBe(401);
  });

  it('the table above lists every route the server mounts', () => {
    const ops = { features: h.stores.features, graph: h.stores.graph, incidents: h.stores.incidents, clock: h.clock, windowMs: MIN };
    const mounted = coreRoutes({ ops, metricsText: async () => '', ready: async () => true, actions: h.deps, slack: async () => undefined }).map((r) => `${String(r.method)} ${r.path}`).sort();
    const known = [...PROTECTED.map(([m, p]) => `${m} ${p.split('?')[0]!.replace('inc-1', ':id').replace('act-x', ':id')}`), 'GET /healthz', 'GET /readyz', 'POST /slack/events'].sort();
    expect(mounted).toEqual(known);
  });
});

describe('refusals are audited', () => {
  it('logs each 401/403/421 with the credential id (never the token) and counts it by status', async () => {
    const lines: string[] = [];
    const registry = new Registry();
    const ops = { features: h.stores.features, graph: h.stores.graph, incidents: h.stores.incidents, clock: h.clock, windowMs: MIN };
    const s = createApiServer({ host: '127.0.0.1', port: 0, api: { tokensFile: writeTokensFile(), oidc: undefined } }, { ops, logger: createLogger({ level: 'warn', write: (l) => lines.push(l) }), registry, metricsText: async () => '', ready: async () => true, actions: h.deps });
    servers.push(s);
    await s.start();
    const url = `http://127.0.0.1:${s.port()}`;
    await call(`${url}/api/services`, 'GET');
    await call(`${url}/api/services`, 'GET', { authorization: 'Bearer wrong-token-123456' });
    await call(`${url}/api/actions/act-x/approve`, 'POST', bearer(TOKENS.reader));
    const refused = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.msg === 'api request refused');
    expect(refused.map((r) => [r.status, r.reason, r.credential ?? null])).toEqual([[401, 'no credential', null], [401, 'unknown token', null], [403, 'missing role decide', 'dash']]);
    expect(lines.join('\n')).not.toContain(TOKENS.reader.token);
    expect(lines.join('\n')).not.toContain('wrong-token-123456');
    expect(await registry.getSingleMetricAsString('aiops_api_refused_total')).toMatch(/aiops_api_refused_total\{status="401"\} 2\n[^]*status="403"\} 1/);
  });
});

describe('Host allow-list (DNS rebinding)', () => {
  it('refuses a forged Host with 421 before authentication, on every route but the probes', async () => {
    const { request } = await import('node:http');
    const port = Number(new URL(base).port);
    const get = (path: string, host: string) =>
      new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path, headers: { host, ...bearer(TOKENS.reader) } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        }).on('error', reject).end();
      });
    expect(await get('/api/services', 'evil.example:8080')).toBe(421);
    expect(await get('/metrics', 'attacker.rebind.example')).toBe(421);
    expect(await get('/api/services', `localhost:${port}`)).toBe(200);
    expect(await get('/api/services', `127.0.0.1:${port}`)).toBe(200);
    expect(await get('/api/services', `[::1]:${port}`)).toBe(200);
    expect(await get('/healthz', '10.1.2.3:8080')).toBe(200);
  });

  it('answers names listed in AIOPS_ALLOWED_HOSTS', async () => {
    const other = await serve({ tokensFile: writeTokensFile(), oidc: undefined, allowedHosts: ['aiops.internal'] });
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: Number(new URL(other).port), path: '/api/services', headers: { host: 'aiops.internal:8080', ...bearer(TOKENS.reader) } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      }).end();
    });
    expect(status).toBe(200);
  });
});

describe('bad input is 400, never 500', () => {
  it.each([
    ['/api/actions/%E0%A4%A', 'malformed percent-encoding'],
    ['/api/incidents/%zz', 'malformed percent-encoding'],
    ['/api/actions/%00', 'printable'],
    ['/api/incidents?since=99999999999999999999', 'between 1970 and 9999'],
    ['/api/incidents?since=-5', 'ISO time'],
    ['/api/graph?from=8640000000000001', 'between 1970 and 9999'],
    ['/api/features?service=%00', 'control characters'],
  ])('GET %s → 400 (%s)', async (path, text) => {
    const res = await call(base + path, 'GET', bearer(TOKENS.reader));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(text);
  });

  it('a malformed id on a decision route is 400 even before the body is read', async () => {
    expect((await call(`${base}/api/actions/%E0%A4%A/approve`, 'POST', bearer(TOKENS.alice))).status).toBe(400);
  });
});
