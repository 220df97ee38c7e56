/** Approve / Reject buttons: who may decide, four eyes on high risk, the reason modal, exactly-once decisions. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../contract/slack-web-api-standin.js';
import { actionFixture } from '../helpers/fake-chat-deps.js';
import { blockAction, viewSubmission } from '../helpers/slack-payloads.js';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from '../../src/slack/blocks/action.js';
import { REASON_BLOCK, REASON_INPUT, REJECT_VIEW_ID } from '../../src/slack/blocks/reject-modal.js';
import { CHANNEL, eventually, startHarness, type Harness } from './harness.js';

const actions = [
  actionFixture({ id: 'act-low', riskScore: 0.4 }),
  actionFixture({ id: 'act-high', type: 'ROLLBACK', riskScore: 0.85, audit: [{ at: '2026-01-10T10:05:00.000Z', actor: 'U0ALICE', event: 'proposed', detail: 'by hand' }] }),
  actionFixture({ id: 'act-rej', riskScore: 0.5 }),
  actionFixture({ id: 'act-dbl', riskScore: 0.5 }),
  actionFixture({ id: 'act-grp', riskScore: 0.5 }),
  actionFixture({ id: 'act-two', riskScore: 0.95, requiredApprovers: 2, proposedBy: 'engine' }),
];

describe('remediation decisions from Slack', () => {
  let h: Harness;
  const msg: Record<string, StoredMessage> = {};
  beforeAll(async () => {
    h = await startHarness({ actions, approvers: ['U0ALICE', 'U0BOB', 'S0APPROVERS'] });
    const inc = (await h.ops.incidents.get('inc-1'))!;
    h.slack.notifier.incidentChanged({ kind: 'opened', incident: inc });
    await h.slack.notifier.flush();
    for (const a of actions) {
      await h.slack.notifier.actionChanged(a, inc);
      msg[a.id] = h.standin.messages.find((m) => JSON.stringify(m.blocks ?? []).includes(`"value":"${a.id}"`))!;
    }
  });
  afterAll(async () => h.close());

  const click = (actionId: string, id: string, user: string) => h.send(blockAction({ actionId, value: id, user, channel: msg[id]!.channel, messageTs: msg[id]!.ts }));
  const statusOf = async (id: string) => {
    const r = await h.actions.get(id);
    return r.ok ? r.value.status : null;
  };
  const ephemeralsTo = (user: string) => h.standin.callsTo('chat.postEphemeral').filter((c) => c.args.user === user);

  it('posts each proposed action in the incident thread with Approve/Reject; high risk carries a confirm dialog', () => {
    const parent = h.standin.messages.find((m) => m.channel === CHANNEL && !m.thread_ts)!;
    expect(msg['act-low']!.thread_ts).toBe(parent.ts);
    const low = JSON.stringify(msg['act-low']!.blocks);
    expect(low).toContain(APPROVE_ACTION_ID);
    expect(low).toContain(REJECT_ACTION_ID);
    expect(low).not.toContain('"confirm":{');
    expect(JSON.stringify(msg['act-high']!.blocks)).toContain('"confirm":{');
    expect(h.standin.calls.filter((c) => !c.ok)).toEqual([]);
  });

  it('answers a non-approver with an ephemeral denial and executes nothing', async () => {
    const r = await click(APPROVE_ACTION_ID, 'act-low', 'U0MALLORY');
    expect(r.status).toBe(200);
    await h.settle();
    expect(ephemeralsTo('U0MALLORY').at(-1)?.args.text).toContain('not in SLACK_APPROVERS');
    expect(h.actions.calls.filter((c) => c.actionId === 'act-low')).toHaveLength(0);
    expect(await statusOf('act-low')).toBe('proposed');
  });

  it('approves for a listed user through actions.decide and shows who decided and when', async () => {
    const r = await click(APPROVE_ACTION_ID, 'act-low', 'U0BOB');
    expect(r.ms).toBeLessThan(3000);
    await h.settle();
    expect(h.actions.transitions).toContainEqual(expect.objectContaining({ actionId: 'act-low', decision: 'approve', user: 'U0BOB', via: 'slack' }));
    const updated = h.standin.messages.find((m) => m.ts === msg['act-low']!.ts)!;
    const text = JSON.stringify(updated.blocks);
    expect(text).toContain('approved');
    expect(text).toContain('<@U0BOB>');
    expect(text).toMatch(/<!date\^\d+\^/);
    expect(text).not.toContain(APPROVE_ACTION_ID);
    const a = await h.actions.get('act-low');
    expect(a.ok && a.value.audit.at(-1)).toMatchObject({ actor: 'U0BOB', event: 'approved' });
  });

  it('resolves user groups with usergroups.users.list', async () => {
    await click(APPROVE_ACTION_ID, 'act-grp', 'U0GROUPIE');
    await h.settle();
    expect(h.standin.callsTo('usergroups.users.list').map((c) => c.args.usergroup)).toContain('S0APPROVERS');
    expect(h.actions.transitions.map((t) => t.actionId)).toContain('act-grp');
  });

  it('makes one decision out of a double click and of a Slack retry', async () => {
    const [a, b] = await Promise.all([click(APPROVE_ACTION_ID, 'act-dbl', 'U0ALICE'), click(APPROVE_ACTION_ID, 'act-dbl', 'U0BOB')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await h.settle();
    const req = blockAction({ actionId: APPROVE_ACTION_ID, value: 'act-dbl', user: 'U0BOB', channel: msg['act-dbl']!.channel, messageTs: msg['act-dbl']!.ts });
    await h.send(req);
    await h.send(req, { retryNum: 1 });
    await h.settle();
    expect(h.actions.transitions.filter((t) => t.actionId === 'act-dbl')).toHaveLength(1);
    // The second click waits for the first (one click at a time per action), then finds it decided: no decide() call.
    expect(h.actions.calls.filter((c) => c.actionId === 'act-dbl')).toHaveLength(1);
    expect(h.standin.callsTo('chat.postEphemeral').filter((c) => /already \*approved\*/.test(c.args.text))).not.toHaveLength(0);
  });

  it('refuses a high-risk approval by its proposer, and lets another approver approve it', async () => {
    await click(APPROVE_ACTION_ID, 'act-high', 'U0ALICE');
    await h.settle();
    expect(ephemeralsTo('U0ALICE').at(-1)?.args.text).toContain('other than the person who proposed it');
    expect(h.actions.calls.filter((c) => c.actionId === 'act-high')).toHaveLength(0);
    await click(APPROVE_ACTION_ID, 'act-high', 'U0BOB');
    await h.settle();
    expect(h.actions.transitions.filter((t) => t.actionId === 'act-high').map((t) => t.user)).toEqual(['U0BOB']);
  });

  it('collects two different approvers when an action needs two, keeping the buttons until the second', async () => {
    await click(APPROVE_ACTION_ID, 'act-two', 'U0ALICE');
    await h.settle();
    expect(await statusOf('act-two')).toBe('proposed');
    const after1 = JSON.stringify(h.standin.messages.find((m) => m.ts === msg['act-two']!.ts)!.blocks);
    expect(after1).toContain('approvals 1/2: <@U0ALICE>');
    expect(after1).toContain(APPROVE_ACTION_ID);
    await click(APPROVE_ACTION_ID, 'act-two', 'U0ALICE');
    await h.settle();
    expect(ephemeralsTo('U0ALICE').at(-1)?.args.text).toContain('second, different approver');
    await click(APPROVE_ACTION_ID, 'act-two', 'U0BOB');
    await h.settle();
    expect(await statusOf('act-two')).toBe('approved');
    const after2 = JSON.stringify(h.standin.messages.find((m) => m.ts === msg['act-two']!.ts)!.blocks);
    expect(after2).toContain('approved* by <@U0ALICE>, <@U0BOB>');
    expect(after2).not.toContain(APPROVE_ACTION_ID);
  });

  it('asks for a reason in a modal, validates it, and records the rejection with the reason', async () => {
    await click(REJECT_ACTION_ID, 'act-rej', 'U0BOB');
    await h.settle();
    const open = h.standin.callsTo('views.open').at(-1)!;
    expect(open.ok).toBe(true);
    expect(open.args.view.callback_id).toBe(REJECT_VIEW_ID);
    const meta = open.args.view.private_metadata as string;
    expect(h.actions.calls.filter((c) => c.actionId === 'act-rej')).toHaveLength(0);

    const short = await h.send(viewSubmission({ callbackId: REJECT_VIEW_ID, user: 'U0BOB', privateMetadata: meta, values: { [REASON_BLOCK]: { [REASON_INPUT]: { type: 'plain_text_input', value: 'no' } } } }));
    expect(short.json).toMatchObject({ response_action: 'errors', errors: { [REASON_BLOCK]: expect.any(String) } });

    const sub = await h.send(viewSubmission({ callbackId: REJECT_VIEW_ID, user: 'U0BOB', privateMetadata: meta, values: { [REASON_BLOCK]: { [REASON_INPUT]: { type: 'plain_text_input', value: 'peak traffic, wait for the window' } } } }));
    expect(sub.status).toBe(200);
    expect(sub.text).toBe('');
    await h.settle();
    expect(h.actions.transitions.filter((t) => t.actionId === 'act-rej')).toEqual([expect.objectContaining({ decision: 'reject', user: 'U0BOB', reason: 'peak traffic, wait for the window' })]);
    const shown = JSON.stringify(h.standin.messages.find((m) => m.ts === msg['act-rej']!.ts)!.blocks);
    expect(shown).toContain('rejected');
    expect(shown).toContain('peak traffic, wait for the window');
  });

  it('refuses a reject submission from a non-approver', async () => {
    const meta = JSON.stringify({ actionId: 'act-grp', channel: msg['act-grp']!.channel, ts: msg['act-grp']!.ts });
    await h.send(viewSubmission({ callbackId: REJECT_VIEW_ID, user: 'U0MALLORY', privateMetadata: meta, values: { [REASON_BLOCK]: { [REASON_INPUT]: { type: 'plain_text_input', value: 'I just do not like it' } } } }));
    await h.settle();
    expect(h.actions.calls.filter((c) => c.user === 'U0MALLORY')).toHaveLength(0);
    await eventually(() => ephemeralsTo('U0MALLORY').length >= 2);
  });

  it('updates the parent message with the latest action and sends only valid Web API calls', async () => {
    const parent = h.standin.messages.find((m) => m.channel === CHANNEL && !m.thread_ts)!;
    expect(JSON.stringify(parent.blocks)).toContain('Proposed action');
    expect(h.standin.calls.filter((c) => !c.ok)).toEqual([]);
  });
});
