import { afterEach, describe, expect, it } from 'vitest';
import { decideAction, listActions, proposeAction } from '../../src/ops/actions.js';
import { harness, T0, type Harness } from '../workflows/harness.js';

let h: Harness;
afterEach(async () => h?.close());

const target = { service: 'checkout', namespace: 'shop' };
const PEAK = Date.UTC(2026, 0, 10, 10, 30);

describe('proposeAction', () => {
  // Expected values computed by hand from the seed's formula: base × peak × (1 + 0.1·failures) × (2 − confidence).
  it.each([
    { type: 'ALERT', confidence: 0.9, at: T0, risk: 0.11, approval: false, approvers: 1 },
    { type: 'AUTO_SCALE', confidence: 0.9, at: T0, risk: 0.55, approval: false, approvers: 1 },
    { type: 'AUTO_SCALE', confidence: 0.9, at: PEAK, risk: 0.715, approval: true, approvers: 1 },
    { type: 'RESTART', confidence: 1, at: T0, risk: 0.7, approval: false, approvers: 1 },
    { type: 'RESTART', confidence: 0.5, at: T0, risk: 1, approval: true, approvers: 2 },
    { type: 'ROLLBACK', confidence: 1, at: T0, risk: 0.8, approval: true, approvers: 2 },
  ] as const)('$type confidence $confidence → risk $risk, approval $approval, $approvers approver(s)', async (c) => {
    h = await harness();
    const r = await proposeAction(h.deps, { incidentId: 'inc-1', type: c.type, target, confidence: c.confidence, eventTime: c.at, origin: 'engine', proposedBy: 'engine' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.riskScore).toBeCloseTo(c.risk, 10);
    expect(r.value).toMatchObject({ status: 'proposed', requiresApproval: c.approval, requiredApprovers: c.approvers, dryRun: true, target });
    expect(r.value.audit[0]).toMatchObject({ event: 'proposed', actor: 'engine', evidence: ['checkout p99 ×6 over baseline'] });
  });

  it('counts recent failures of the same type on the service into the risk', async () => {
    h = await harness();
    const first = await proposeAction(h.deps, { incidentId: 'inc-1', type: 'AUTO_SCALE', target, confidence: 1, origin: 'engine' });
    if (!first.ok) throw new Error('propose');
    await h.stores.actions.transition(first.value.id, 'proposed', 'approved', { at: new Date(T0).toISOString(), actor: 't', event: 'approved', detail: '' });
    await h.stores.actions.transition(first.value.id, 'approved', 'running', { at: new Date(T0).toISOString(), actor: 't', event: 'executing', detail: '' });
    await h.stores.actions.transition(first.value.id, 'running', 'failed', { at: new Date(T0).toISOString(), actor: 't', event: 'failed', detail: '' });
    const second = await proposeAction(h.deps, { incidentId: 'inc-1', type: 'AUTO_SCALE', target, confidence: 1, origin: 'engine' });
    expect(second.ok && second.value.riskScore).toBeCloseTo(0.5 * 1.1, 10);
  });

  it('defaults the confidence to root-cause score × 0.9', async () => {
    h = await harness();
    const r = await proposeAction(h.deps, { incidentId: 'inc-1', type: 'RATE_LIMIT', target });
    expect(r.ok && r.value.riskScore).toBeCloseTo(0.3 * (2 - 0.8 * 0.9), 10);
  });

  it.each([
    ['the kill switch', { actionsEnabled: false }, 'kill switch'],
    ['a namespace outside the allow-list', { allowedNamespaces: ['prod'] }, 'allow-list'],
    ['the concurrency limit', { maxConcurrent: 1 }, 'at most 1'],
  ])('refuses a mutating action under %s (FORBIDDEN) but still lets an ALERT through', async (_n, config, text) => {
    h = await harness({ config });
    if ('maxConcurrent' in config) await proposeAction(h.deps, { incidentId: 'inc-1', type: 'AUTO_SCALE', target: { service: 'cart', namespace: 'shop' } });
    const r = await proposeAction(h.deps, { incidentId: 'inc-1', type: 'RESTART', target });
    expect(!r.ok && r.error.code).toBe('FORBIDDEN');
    expect(!r.ok && r.error.message).toContain(text);
    expect((await proposeAction(h.deps, { incidentId: 'inc-1', type: 'ALERT', target })).ok).toBe(true);
  });

  it('answers NOT_FOUND for an unknown incident and BAD_INPUT for a bad type or confidence', async () => {
    h = await harness();
    const a = await proposeAction(h.deps, { incidentId: 'nope', type: 'ALERT', target });
    const b = await proposeAction(h.deps, { incidentId: 'inc-1', type: 'REBOOT' as never, target });
    const c = await proposeAction(h.deps, { incidentId: 'inc-1', type: 'ALERT', target, confidence: 2 });
    expect([a, b, c].map((r) => !r.ok && r.error.code)).toEqual(['NOT_FOUND', 'BAD_INPUT', 'BAD_INPUT']);
  });
});

describe('decideAction', () => {
  async function proposed(type: 'RESTART' | 'ROLLBACK', proposedBy = 'U3') {
    const r = await proposeAction(h.deps, { incidentId: 'inc-1', type, target, confidence: 0.9, proposedBy, origin: 'engine' });
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  }

  it('forbids a user who is not an approver, and the proposer of a high-risk action', async () => {
    h = await harness();
    const a = await proposed('RESTART');
    const outsider = await decideAction(h.deps, { actionId: a.id, decision: 'approve', user: 'U9', via: 'slack' });
    const self = await decideAction(h.deps, { actionId: a.id, decision: 'approve', user: 'U3', via: 'slack' });
    expect([outsider, self].map((r) => !r.ok && r.error.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect((await h.stores.actions.get(a.id))!.status).toBe('proposed');
  });

  it('needs two different approvers for a ROLLBACK; the same one twice counts once and changes nothing', async () => {
    h = await harness();
    const a = await proposed('ROLLBACK');
    const one = await decideAction(h.deps, { actionId: a.id, decision: 'approve', user: 'U1', via: 'slack' });
    expect(one.ok && one.value.status).toBe('proposed');
    const twice = await decideAction(h.deps, { actionId: a.id, decision: 'approve', user: 'U1', via: 'cli' });
    expect(twice.ok && twice.value.status).toBe('proposed');
    expect((await h.stores.actions.get(a.id))!.audit.map((e) => e.event)).toEqual(['proposed', 'approval']);
    const two = await decideAction(h.deps, { actionId: a.id, decision: 'approve', user: 'U2', via: 'api' });
    expect(two.ok && two.value).toMatchObject({ status: 'approved', decidedBy: 'U1,U2' });
  });

  it('a repeated decision changes nothing; another decision after it is a CONFLICT carrying the current action, audited', async () => {
    h = await harness();
    const a = await proposed('RESTART');
    const first = await decideAction(h.deps, { actionId: a.id, decision: 'reject', user: 'U1', via: 'slack' });
    const again = await decideAction(h.deps, { actionId: a.id, decision: 'reject', user: 'U1', via: 'slack' });
    expect([first, again].map((r) => r.ok && r.value.status)).toEqual(['rejected', 'rejected']);
    const other = await decideAction(h.deps, { actionId: a.id, decision: 'approve', user: 'U2', via: 'slack' });
    expect(!other.ok && other.error.code).toBe('CONFLICT');
    expect(!other.ok && other.error.current).toMatchObject({ id: a.id, status: 'rejected', decidedBy: 'U1' });
    expect((await h.stores.actions.get(a.id))!.audit.map((e) => [e.event, e.actor])).toEqual([['proposed', 'U3'], ['rejected', 'U1'], ['refused', 'U2']]);
    expect((await listActions(h.deps, { status: 'rejected' })).map((x) => x.id)).toEqual([a.id]);
  });

  it('answers NOT_FOUND and BAD_INPUT', async () => {
    h = await harness();
    const a = await decideAction(h.deps, { actionId: 'x', decision: 'approve', user: 'U1', via: 'api' });
    const b = await decideAction(h.deps, { actionId: 'x', decision: 'approve', user: ' ', via: 'api' });
    expect([a, b].map((r) => !r.ok && r.error.code)).toEqual(['NOT_FOUND', 'BAD_INPUT']);
  });
});
