import { afterEach, describe, expect, it } from 'vitest';
import { createApiServer, type ApiServer } from '../../src/api/api-server.js';
import { silentLogger } from '../../src/obs/logger.js';
import { drive, harness, MIN, type Harness } from '../workflows/harness.js';
import { bearer, TOKENS, writeTokensFile } from '../helpers/api-auth.js';

let h: Harness;
let api: ApiServer;
afterEach(async () => {
  await api?.stop();
  await h?.close();
});

async function boot() {
  h = await harness();
  const ops = { features: h.stores.features, graph: h.stores.graph, incidents: h.stores.incidents, clock: h.clock, windowMs: MIN };
  api = createApiServer({ host: '127.0.0.1', port: 0, api: { tokensFile: writeTokensFile(), oidc: undefined } }, { ops, logger: silentLogger, metricsText: async () => '', ready: async () => true, actions: h.deps });
  await api.start();
  const base = `http://127.0.0.1:${api.port()}`;
  const call = async (method: string, path: string, body?: unknown, who: { token: string } = TOKENS.alice) => {
    const res = await fetch(base + path, { method, headers: { ...bearer(who), ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, body: (await res.json()) as { id?: string; status?: string; actions?: { id: string }[] } & Record<string, unknown> };
  };
  return call;
}

describe('/api/actions', () => {
  it('proposes, refuses a non-approver with 403, approves, runs to a verified recovery and lists by status', async () => {
    const call = await boot();
    // Confidence 0.8 is capped at the engine's own (root-cause score 0.8 × 0.9 = 0.72): risk 0.7 × (2 − 0.72) = 0.896.
    const p = await call('POST', '/api/actions', { incidentId: 'inc-1', type: 'RESTART', target: { service: 'checkout', namespace: 'shop' }, confidence: 0.8 }, TOKENS.proposer);
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ status: 'proposed', requiresApproval: true, proposedBy: 'U3', riskScore: expect.closeTo(0.896, 10) });
    const id = p.body.id!;
    expect((await call('POST', `/api/actions/${id}/approve`, {}, TOKENS.mallory)).status).toBe(403);
    const ok = await call('POST', `/api/actions/${id}/approve`, {});
    expect(ok).toMatchObject({ status: 200, body: { status: 'approved', decidedBy: 'U1' } });
    const again = await call('POST', `/api/actions/${id}/approve`, {});
    expect(again).toMatchObject({ status: 200, body: { status: 'approved' } });
    await h.window(100, h.clock.now() + MIN);
    await drive(h, async () => (await h.stores.actions.get(id))?.status === 'succeeded');
    const listed = await call('GET', '/api/actions?status=succeeded');
    expect(listed.body.actions!.map((a) => a.id)).toEqual([id]);
    expect((await call('GET', `/api/actions/${id}`)).body.status).toBe('succeeded');
  });

  it('answers 400 for a bad body or status, 404 for unknown ids and incidents', async () => {
    const call = await boot();
    expect((await call('POST', '/api/actions', { incidentId: 'inc-1', type: 'REBOOT', target: { service: 'x' } })).status).toBe(400);
    expect((await call('POST', '/api/actions', { incidentId: 'nope', type: 'ALERT', target: { service: 'x' } })).status).toBe(404);
    expect((await call('GET', '/api/actions?status=done')).status).toBe(400);
    expect((await call('POST', '/api/actions/nope/reject', {})).status).toBe(404);
    expect((await call('POST', '/api/actions/nope/reject', { reason: 7 })).status).toBe(400);
    expect(await call('GET', '/api/actions/nope')).toEqual({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'no action with id "nope"' } } });
    expect((await call('GET', '/api/actions?limit=0')).status).toBe(400);
  });

  it('lists by incident and newest first within the limit', async () => {
    const call = await boot();
    const first = await call('POST', '/api/actions', { incidentId: 'inc-1', type: 'ALERT', target: { service: 'checkout' } }, TOKENS.proposer);
    h.clock.advance(MIN);
    const second = await call('POST', '/api/actions', { incidentId: 'inc-1', type: 'ALERT', target: { service: 'payments' } }, TOKENS.proposer);
    const ids = async (q: string) => (await call('GET', `/api/actions${q}`)).body.actions!.map((a) => a.id);
    expect(await ids('?incidentId=inc-1')).toEqual([second.body.id, first.body.id]);
    expect(await ids('?incidentId=inc-1&limit=1')).toEqual([second.body.id]);
    expect(await ids('?incidentId=inc-2')).toEqual([]);
  });
});
