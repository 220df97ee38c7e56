/**
 * Issue 12 findings on /api/actions: the proposer and decider are the credential's identity (a body `user`
 * or `proposedBy` is refused), an API proposal with confidence 1 still waits for a person, params and
 * targets are bounded, concurrent approvals give one transition, a late decision is 409 with the current
 * action, and every refused decision is in the action's audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer, type ApiServer } from '../../src/api/api-server.js';
import type { Action } from '../../src/core/index.js';
import { silentLogger } from '../../src/obs/logger.js';
import { bearer, TOKENS, writeTokensFile } from '../helpers/api-auth.js';
import { harness, MIN, type Harness } from '../workflows/harness.js';

let h: Harness;
let api: ApiServer;
let base: string;
beforeAll(async () => {
  h = await harness({ config: { allowedNamespaces: ['shop'], maxConcurrent: 50 } });
  const ops = { features: h.stores.features, graph: h.stores.graph, incidents: h.stores.incidents, clock: h.clock, windowMs: MIN };
  api = createApiServer({ host: '127.0.0.1', port: 0, api: { tokensFile: writeTokensFile(), oidc: undefined } }, { ops, logger: silentLogger, metricsText: async () => '', ready: async () => true, actions: h.deps });
  await api.start();
  base = `http://127.0.0.1:${api.port()}`;
});
afterAll(async () => {
  await api?.stop();
  await h?.close();
});

type Body = Action & { error?: { code: string; message: string }; action?: Action };
async function call(method: string, path: string, who: { token: string }, body?: unknown): Promise<{ status: number; body: Body }> {
  const res = await fetch(base + path, { method, headers: { ...bearer(who), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Body };
}
const propose = (body: Record<string, unknown>, who = TOKENS.proposer) => call('POST', '/api/actions', who, { incidentId: 'inc-1', target: { service: 'checkout', namespace: 'shop' }, ...body });

describe('proposals from outside are proposals', () => {
  it('an AUTO_SCALE with confidence 1 off-peak (would run at once) waits for approval; the proposer is the credential', async () => {
    const p = await propose({ type: 'AUTO_SCALE', confidence: 1, params: { replicas: '+2', maxReplicas: 10 } });
    expect(p.status).toBe(200);
    // Capped at the engine's confidence 0.8 × 0.9 = 0.72: risk 0.5 × (2 − 0.72) = 0.64 (confidence 1 would give 0.5).
    expect(p.body).toMatchObject({ status: 'proposed', requiresApproval: true, proposedBy: 'U3', riskScore: expect.closeTo(0.64, 10) });
    expect(p.body.audit[0]).toMatchObject({ event: 'proposed', actor: 'U3' });
    // Nothing ran: the worker has nothing to execute before a decision.
    await h.remediation.worker!.tick!();
    expect((await h.stores.actions.get(p.body.id))!.status).toBe('proposed');
  });

  it.each([
    ['a body proposedBy', { type: 'ALERT', proposedBy: 'engine' }, 400, 'proposedBy'],
    ['RATE_LIMIT requestsPerSecond 0', { type: 'RATE_LIMIT', params: { requestsPerSecond: 0 } }, 400, 'requestsPerSecond'],
    ['AUTO_SCALE to 500 replicas', { type: 'AUTO_SCALE', params: { replicas: 500 } }, 400, 'replicas'],
    ['AUTO_SCALE maxReplicas 1000', { type: 'AUTO_SCALE', params: { maxReplicas: 1000 } }, 400, 'maxReplicas'],
    ['a circuit breaker ejecting every endpoint', { type: 'CIRCUIT_BREAK', params: { maxEjectionPercent: 100 } }, 400, 'maxEjectionPercent'],
    ['an unknown param', { type: 'RESTART', params: { command: 'rm -rf /' } }, 400, 'command'],
    ['a target that is no Kubernetes name', { type: 'RESTART', target: { service: '../../secrets', namespace: 'shop' } }, 400, 'Kubernetes'],
    ['a namespace outside AIOPS_ALLOWED_NAMESPACES', { type: 'RESTART', target: { service: 'checkout', namespace: 'kube-system' } }, 403, 'allow-list'],
  ])('refuses %s', async (_name, body, status, text) => {
    const r = await propose(body);
    expect(r.status).toBe(status);
    expect(r.body.error!.message).toContain(text);
  });
});

describe('decisions are the credential’s and race-free', () => {
  it('a body user cannot impersonate an approver: the field is refused, and without it the decider is the credential', async () => {
    const p = await propose({ type: 'RESTART' });
    const forged = await call('POST', `/api/actions/${p.body.id}/approve`, TOKENS.mallory, { user: 'U1' });
    expect(forged.status).toBe(400);
    const asMallory = await call('POST', `/api/actions/${p.body.id}/approve`, TOKENS.mallory, {});
    expect(asMallory).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    const a = (await h.stores.actions.get(p.body.id))!;
    expect(a.status).toBe('proposed');
    expect(a.audit.map((e) => [e.event, e.actor])).toEqual([['proposed', 'U3'], ['refused', 'U9']]);
  });

  it('the proposer may not approve their own proposal', async () => {
    const p = await propose({ type: 'ALERT' }, TOKENS.alice);
    expect((await call('POST', `/api/actions/${p.body.id}/approve`, TOKENS.alice, {})).status).toBe(403);
  });

  it('two concurrent approvals give exactly one transition; the other is 409 with the approved action', async () => {
    const p = await propose({ type: 'RESTART' });
    const [a, b] = await Promise.all([call('POST', `/api/actions/${p.body.id}/approve`, TOKENS.alice, {}), call('POST', `/api/actions/${p.body.id}/approve`, TOKENS.bob, {})]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const conflict = a.status === 409 ? a : b;
    expect(conflict.body.action).toMatchObject({ id: p.body.id, status: 'approved' });
    const stored = (await h.stores.actions.get(p.body.id))!;
    expect(stored.audit.filter((e) => e.event === 'approved')).toHaveLength(1);
    expect(stored.audit.filter((e) => e.event === 'refused')).toHaveLength(1);
  });

  it('reject after approval → 409 with the current state; repeating one’s own approval → 200, unchanged', async () => {
    const p = await propose({ type: 'RESTART' });
    expect((await call('POST', `/api/actions/${p.body.id}/approve`, TOKENS.alice, { reason: 'looks right' })).body).toMatchObject({ status: 'approved', decidedBy: 'U1' });
    const late = await call('POST', `/api/actions/${p.body.id}/reject`, TOKENS.bob, {});
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: { code: 'CONFLICT' }, action: { id: p.body.id, status: 'approved', decidedBy: 'U1' } });
    const before = (await h.stores.actions.get(p.body.id))!.audit.length;
    const again = await call('POST', `/api/actions/${p.body.id}/approve`, TOKENS.alice, {});
    expect(again).toMatchObject({ status: 200, body: { status: 'approved' } });
    expect((await h.stores.actions.get(p.body.id))!.audit).toHaveLength(before);
  });
});
