/**
 * Issue 12 (item 7), chaos: the Temporal server goes away while an approved remediation runs (waiting for its
 * verification windows) and comes back. The workflow must resume and finish, and the action's state must be the
 * one it would have had without the outage: succeeded once recovery is seen, audited once per step. Own dev
 * server on a free port with a SQLite file (TEMPORAL_DB_FILE), so a stop and start keeps its workflows; the
 * shared CI server is never stopped.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock, type ActionStatus } from '../../src/core/index.js';
import { decideAction, proposeAction, type ActionsDeps } from '../../src/ops/actions.js';
import { openStores } from '../../src/stores/open-stores.js';
import { createRemediation, type Remediation } from '../../src/workflows/remediation.js';
import { featureRow } from '../stores/fixtures.js';
import { incident } from '../workflows/harness.js';
import { freePort } from '../../scripts/start-postgres.mjs';

const skipReason = process.env.TEMPORAL_ADDRESS ? undefined : 'TEMPORAL_ADDRESS unset (no Temporal CLI on this machine: .ci/run installs one)';
const suite = skipReason ? describe.skip : describe;
const title = skipReason ? `Temporal away and back (skipped: ${skipReason})` : 'Temporal away and back';

const dir = mkdtempSync(join(tmpdir(), 'aiops-temporal-chaos-'));
const env = { ...process.env, TEMPORAL_PORT: String(await freePort()), TEMPORAL_DB_FILE: join(dir, 'temporal.db') };
const startTemporal = () => /TEMPORAL_ADDRESS=(\S+)/.exec(execFileSync('scripts/start-temporal.sh', { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))![1];
const stopTemporal = () => execFileSync('scripts/stop-temporal.sh', { env, stdio: 'ignore' });
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  if (!skipReason) stopTemporal();
  rmSync(dir, { recursive: true, force: true });
});

suite(title, () => {
  it('an approved remediation running when the server stops resumes after it restarts and succeeds once', async () => {
    const address = startTemporal();
    const stores = await openStores({ dataDir: 'memory://' });
    cleanups.push(() => stores.close());
    await stores.incidents.save(incident());
    const r: Remediation = await createRemediation(
      { temporal: { address, namespace: 'default', taskQueue: `aiops-chaos-${randomUUID()}` }, executor: 'dry-run', approvalTimeoutMs: 120_000, windowMs: 3_000, verifyWindows: 3, actionsEnabled: true, maxConcurrent: 10 },
      { actions: stores.actions, incidents: stores.incidents, features: stores.features, runs: stores.remediationRuns, clock: systemClock, notifier: { actionChanged: async () => {} } },
    );
    await r.worker!.start();
    cleanups.push(async () => {
      await r.worker?.stop();
      await r.close();
    });
    const deps: ActionsDeps = { actions: stores.actions, incidents: stores.incidents, approvers: async (u) => u.startsWith('U'), driver: r.driver, clock: systemClock, config: { approvalThreshold: 0.7, actionsEnabled: true, maxConcurrent: 10, dryRun: true } };
    const until = async (id: string, status: ActionStatus, ms: number) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        if ((await stores.actions.get(id))?.status === status) return;
        await new Promise((res) => setTimeout(res, 100));
      }
      throw new Error(`${id} did not reach ${status}: ${(await stores.actions.get(id))?.status}`);
    };

    const p = await proposeAction(deps, { incidentId: 'inc-1', type: 'RESTART', target: { service: 'checkout', namespace: 'shop' }, confidence: 0.8, params: {}, eventTime: Date.UTC(2026, 0, 10, 3), origin: 'engine' });
    if (!p.ok) throw new Error(p.error.message);
    const id = p.value.id;
    const end = Date.now() + 20_000;
    while ((await r.driver.state(id))?.phase !== 'awaiting-decision' && Date.now() < end) await new Promise((res) => setTimeout(res, 100));
    await decideAction(deps, { actionId: id, decision: 'approve', user: 'U1', via: 'slack' });
    await until(id, 'running', 20_000);

    stopTemporal(); // mid-verification: the workflow's timers and the worker's polls now fail
    await new Promise((res) => setTimeout(res, 2_000)); // an outage, not a blip the client retries within
    startTemporal();
    await stores.features.upsertWindows([featureRow({ service: 'checkout', windowStart: Math.ceil(Date.now() / 60_000) * 60_000, p99Ms: 100 })]);

    await until(id, 'succeeded', 90_000);
    const events = (await stores.actions.get(id))!.audit.map((e) => e.event);
    expect(events.filter((e) => e === 'approved')).toHaveLength(1);
    expect(events.filter((e) => e === 'succeeded')).toHaveLength(1);
    expect(events.at(-1)).toBe('succeeded');
  }, 240_000);
});
