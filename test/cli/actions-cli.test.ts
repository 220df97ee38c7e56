import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { systemClock } from '../../src/core/index.js';
import { proposeAction } from '../../src/ops/actions.js';
import { openStores } from '../../src/stores/open-stores.js';
import { createRemediation } from '../../src/workflows/remediation.js';
import { incident } from '../workflows/harness.js';

let dir: string;
beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'aiops-actions-cli-'))));
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), env: { AIOPS_DATA_DIR: dir, SLACK_APPROVERS: 'U1,U2', AIOPS_LOG_LEVEL: 'error' } });
  return { code, out, err };
}

/** What the server process does: the embedded worker on the same data directory. */
async function serverRound(fn?: (s: Awaited<ReturnType<typeof openStores>>, d: Awaited<ReturnType<typeof createRemediation>>) => Promise<void>) {
  const stores = await openStores({ dataDir: dir });
  const r = await createRemediation({ executor: 'dry-run', approvalTimeoutMs: 3_600_000, windowMs: 60_000, actionsEnabled: true, maxConcurrent: 3 }, { actions: stores.actions, incidents: stores.incidents, features: stores.features, runs: stores.remediationRuns, clock: systemClock });
  try {
    await fn?.(stores, r);
    await r.worker!.tick!();
  } finally {
    await stores.close();
  }
}

describe('aiops actions / approve / reject', () => {
  it('approves through the same path as Slack: RBAC, audit, idempotent repeat; the server worker then executes', async () => {
    let id = '';
    await serverRound(async (stores, r) => {
      await stores.incidents.save(incident({ openedAt: new Date().toISOString() }));
      const p = await proposeAction({ actions: stores.actions, incidents: stores.incidents, approvers: async () => false, driver: r.driver, clock: systemClock, config: { approvalThreshold: 0.7, actionsEnabled: true, maxConcurrent: 3, dryRun: true } }, { incidentId: 'inc-1', type: 'RESTART', target: { service: 'checkout', namespace: 'shop' }, confidence: 0.5, proposedBy: 'engine', eventTime: Date.UTC(2026, 0, 10, 3), origin: 'engine' });
      if (!p.ok) throw new Error(p.error.message);
      id = p.value.id;
    });
    const listed = await cli('actions', '--status', 'proposed', '--json');
    expect(JSON.parse(listed.out).actions.map((a: { id: string }) => a.id)).toEqual([id]);
    expect(await cli('approve', id, '--as', 'U9')).toMatchObject({ code: 1, err: expect.stringContaining('FORBIDDEN') });
    const first = await cli('approve', id, '--as', 'U1');
    expect(first.code).toBe(0);
    expect(first.out).toContain('proposed'); // risk 1.0: a second approver is needed
    // Repeating one's own approval changes nothing (and is no error).
    const repeat = await cli('approve', id, '--as', 'U1');
    expect(repeat.code).toBe(0);
    expect(repeat.out).toContain('proposed');
    const second = await cli('approve', id, '--as', 'U2', '--json');
    expect(JSON.parse(second.out)).toMatchObject({ status: 'approved', decidedBy: 'U1,U2' });
    await serverRound();
    const after = JSON.parse((await cli('actions', '--json')).out).actions[0];
    expect(after.status).toBe('running');
    expect(after.audit.map((e: { event: string; actor: string }) => `${e.event}:${e.actor}`)).toEqual(['proposed:engine', 'refused:U9', 'approval:U1', 'approval:U2', 'approved:U2', 'executing:executor', 'dry-run:dry-run', 'executed:executor']);
    // `--as` is recorded with the operating-system user who ran the command.
    expect(after.audit[2].detail).toContain(`via cli (operator os:${userInfo().username})`);
  });

  it('rejects with a reason and reports usage errors with exit 2', async () => {
    expect((await cli('reject')).code).toBe(2);
    expect((await cli('approve', 'x')).code).toBe(2);
    expect((await cli('actions', '--status', 'weird')).code).toBe(2);
    expect(await cli('reject', 'nope', '--as', 'U1', '--reason', 'no')).toMatchObject({ code: 1, err: expect.stringContaining('NOT_FOUND') });
  });
});
