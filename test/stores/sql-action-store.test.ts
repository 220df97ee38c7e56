import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Action } from '../../src/core/index.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';

const at = (m: number) => new Date(Date.UTC(2026, 0, 10, 3, m)).toISOString();

function action(o: Partial<Action> = {}): Action {
  return {
    id: 'act-1', incidentId: 'inc-1', type: 'RESTART', target: { service: 'checkout', namespace: 'shop' }, params: { a: 1 },
    riskScore: 0.77, requiresApproval: true, requiredApprovers: 1, status: 'proposed', dryRun: false, proposedBy: 'engine', createdAt: at(0),
    audit: [{ at: at(0), actor: 'engine', event: 'proposed', detail: 'RESTART', evidence: ['p99 ×6'] }],
    ...o,
  };
}

function contract(name: string, open: () => Promise<{ stores: Stores; cleanup?: () => Promise<void> }>) {
  describe(`ActionStore on ${name}`, () => {
    let s: Stores;
    let cleanup: (() => Promise<void>) | undefined;
    beforeAll(async () => ({ stores: s, cleanup } = await open()));
    afterAll(async () => {
      await s.close();
      await cleanup?.();
    });

    it('creates once by id and reads the action back with its audit', async () => {
      await s.actions.create(action());
      await s.actions.create(action({ riskScore: 0.1 }));
      expect(await s.actions.get('act-1')).toEqual(action());
      expect(await s.actions.get('nope')).toBeNull();
    });

    it('transition is compare-and-set: a second identical transition returns null and appends nothing', async () => {
      const e = { at: at(1), actor: 'U1', event: 'approved', detail: 'via slack' };
      const moved = await s.actions.transition('act-1', 'proposed', 'approved', e, { decidedBy: 'U1', params: { a: 2 } });
      expect(moved).toMatchObject({ status: 'approved', decidedBy: 'U1', params: { a: 2 } });
      expect(await s.actions.transition('act-1', 'proposed', 'approved', e, { decidedBy: 'U2' })).toBeNull();
      const now = (await s.actions.get('act-1'))!;
      expect(now.audit.map((x) => x.event)).toEqual(['proposed', 'approved']);
      expect(now.decidedBy).toBe('U1');
    });

    it('lists newest first, filtered by status and incident', async () => {
      await s.actions.create(action({ id: 'act-2', incidentId: 'inc-2', createdAt: at(5), audit: [] }));
      expect((await s.actions.list()).map((a) => a.id)).toEqual(['act-2', 'act-1']);
      expect((await s.actions.list({ status: 'approved' })).map((a) => a.id)).toEqual(['act-1']);
      expect((await s.actions.list({ incidentId: 'inc-2' })).map((a) => a.id)).toEqual(['act-2']);
    });

    it('keeps the audit append-only: rows carry the incident, and UPDATE or DELETE are refused', async () => {
      await s.actions.appendAudit('act-1', { at: at(2), actor: 'executor', event: 'executed', detail: 'patched' });
      const { rows } = await s.client.query<{ incident_id: string }>(`SELECT incident_id FROM action_audit WHERE action_id = 'act-1'`);
      expect(rows.map((r) => r.incident_id)).toEqual(['inc-1', 'inc-1', 'inc-1']);
      await expect(s.client.query(`UPDATE action_audit SET detail = 'x'`)).rejects.toThrow(/append-only/);
      await expect(s.client.query(`DELETE FROM action_audit`)).rejects.toThrow(/append-only/);
      await expect(s.actions.appendAudit('nope', { at: at(2), actor: 'x', event: 'x', detail: '' })).rejects.toThrow(/no action/);
    });
  });
}

contract('PGlite', async () => ({ stores: await openStores({ dataDir: 'memory://' }) }));

const adminUrl = inject('pgUrl');
if (adminUrl) {
  contract('PostgreSQL', async () => {
    const db: TestDatabase = await createTestDatabase(adminUrl);
    return { stores: await openStores({ databaseUrl: db.url, dataDir: 'memory://', timescale: 'off' }), cleanup: db.drop };
  });
} else {
  describe.skip(`ActionStore on PostgreSQL skipped: ${inject('pgSkipReason') || 'no server'}`, () => {
    it('runs the ActionStore contract', () => {});
  });
}
