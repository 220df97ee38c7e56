/**
 * Slack buttons on the real remediation use cases (src/ops/actions.ts over PGlite): the same decide path as
 * `aiops approve` and the API, with SLACK_APPROVERS groups resolved by the Slack app. Only the remediation
 * driver is a recording stand-in (Temporal and Kubernetes do not run here).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action, DecisionSignal, RemediationDriver } from '../../src/core/index.js';
import { decideAction, getAction, listActions, proposeAction, type ActionsDeps } from '../../src/ops/actions.js';
import { APPROVE_ACTION_ID } from '../../src/slack/blocks/action.js';
import { blockAction } from '../helpers/slack-payloads.js';
import { startHarness, type Harness } from './harness.js';

class RecordingDriver implements RemediationDriver {
  readonly kind = 'embedded' as const;
  started: string[] = [];
  signals: { id: string; decision: DecisionSignal }[] = [];
  async start(a: Action) {
    this.started.push(a.id);
  }
  async signal(id: string, decision: DecisionSignal) {
    this.signals.push({ id, decision });
  }
  async state() {
    return null;
  }
}

// Risk is ×1.3 in the seed's peak hours (10:00–12:00 and 14:00–16:00 at the configured offset, 0 here): RESTART
// then needs two approvers. A fixed instant keeps the test from depending on the hour it runs at.
const PEAK_HOUR_MS = Date.UTC(2026, 0, 12, 10, 30);

describe('Slack decisions on the real actions use cases', () => {
  let h: Harness;
  let d: ActionsDeps;
  const driver = new RecordingDriver();
  beforeAll(async () => {
    h = await startHarness({
      approvers: ['U0ALICE', 'S0APPROVERS'],
      actionsFrom: (stores, isApprover) => {
        d = { actions: stores.actions, incidents: stores.incidents, approvers: isApprover, driver, clock: { now: () => PEAK_HOUR_MS }, config: { approvalThreshold: 0, actionsEnabled: true, maxConcurrent: 10, dryRun: true } };
        return { decide: (r) => decideAction(d, r), list: (q) => listActions(d, q), get: (id) => getAction(d, id) };
      },
    });
  });
  afterAll(async () => h.close());

  it('approves through decideAction — two approvers clicking together both count — with the audit entries and one driver signal', async () => {
    const proposed = await proposeAction(d, { incidentId: 'inc-1', type: 'RESTART', target: { service: 'payments', namespace: 'shop' }, confidence: 0.9, proposedBy: 'engine', origin: 'engine' });
    expect(proposed.ok).toBe(true);
    const action = (proposed as { value: Action }).value;
    expect(action.requiresApproval).toBe(true);
    expect(action.requiredApprovers).toBe(2);
    await h.slack.notifier.actionChanged(action, await h.stores.incidents.get('inc-1'));
    const m = h.standin.messages.find((x) => JSON.stringify(x.blocks ?? []).includes(`"value":"${action.id}"`))!;
    const click = (user: string) => h.send(blockAction({ actionId: APPROVE_ACTION_ID, value: action.id, user, channel: m.channel, messageTs: m.ts }));

    await click('U0MALLORY');
    await h.settle();
    expect((await h.stores.actions.get(action.id))!.status).toBe('proposed');

    await Promise.all([click('U0GROUPIE'), click('U0ALICE')]);
    await h.settle();
    const stored = (await h.stores.actions.get(action.id))!;
    expect(stored.status).toBe('approved');
    expect(stored.audit.filter((e) => e.event === 'approved')).toHaveLength(1);
    expect(stored.audit.at(-1)!.detail).toContain('via slack');
    expect(stored.audit.filter((e) => e.event === 'approval').map((e) => e.actor).sort()).toEqual(['U0ALICE', 'U0GROUPIE']);
    expect(driver.signals.filter((s) => s.id === action.id)).toHaveLength(1);
    expect(JSON.stringify(h.standin.messages.find((x) => x.ts === m.ts)!.blocks)).toMatch(/\*approved\* by <@U0(GROUPIE|ALICE)>, <@U0(GROUPIE|ALICE)>/);

    await click('U0ALICE');
    await h.settle();
    expect(h.standin.callsTo('chat.postEphemeral').at(-1)!.args.text).toContain('already *approved*');
    expect((await h.stores.actions.get(action.id))!.audit.filter((e) => e.event === 'approved')).toHaveLength(1);
    expect(h.standin.calls.filter((c) => !c.ok)).toEqual([]);
  });
});
