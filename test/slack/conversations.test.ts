/** Mentions and DMs go to the agent with the thread as context; answers land in the thread. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appMention, directMessage, eventCallback } from '../helpers/slack-payloads.js';
import { CHANNEL, eventually, startHarness, type Harness } from './harness.js';

describe('mentions and direct messages', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('answers a mention in its thread, with the earlier thread messages as context', async () => {
    const root = h.userSays({ text: 'checkout p99 is through the roof', user: 'U0CAROL' });
    h.userSays({ text: 'payments deploy went out at 10:02', user: 'U0DAVE', threadTs: root });
    const ts = h.userSays({ text: '<@UBOT0001> what changed?', threadTs: root });
    const r = await h.send(eventCallback(appMention({ text: 'what changed?', ts, threadTs: root })));
    expect(r.status).toBe(200);
    await h.settle();
    const call = h.ask.calls.at(-1)!;
    expect(call.question).toBe('what changed?');
    expect(call.user).toBe('U0ALICE');
    expect(call.thread).toEqual([
      { user: 'U0CAROL', text: 'checkout p99 is through the roof' },
      { user: 'U0DAVE', text: 'payments deploy went out at 10:02' },
    ]);
    const answer = h.standin.messages.find((m) => m.thread_ts === root && m.bot_id)!;
    expect(answer.text).toContain('answer to: what changed?');
    expect(JSON.stringify(answer.blocks)).toContain('incident inc-1');
    const progress = h.standin.callsTo('chat.update').filter((c) => c.args.ts === answer.ts).map((c) => c.args.text);
    expect(progress[0]).toBe('partial one');
  });

  it('starts a thread under a top-level mention', async () => {
    const ts = h.userSays({ text: '<@UBOT0001> is anything on fire?' });
    await h.send(eventCallback(appMention({ text: 'is anything on fire?', ts })));
    await h.settle();
    expect(h.ask.calls.at(-1)!.thread).toEqual([]);
    expect(h.standin.messages.some((m) => m.thread_ts === ts && m.bot_id)).toBe(true);
  });

  it('answers a direct message and ignores bot messages and edits', async () => {
    const asked = h.ask.calls.length;
    const ts = h.userSays({ text: 'status of checkout?', channel: 'D0ALICE' });
    await h.send(eventCallback(directMessage({ text: 'status of checkout?', ts })));
    const botTs = h.userSays({ text: 'I am a bot', channel: 'D0ALICE' });
    await h.send(eventCallback(directMessage({ text: 'I am a bot', ts: botTs, botId: 'B0OTHER' })));
    await h.send(eventCallback({ ...directMessage({ text: 'edited', ts }), subtype: 'message_changed' }));
    await h.settle();
    expect(h.ask.calls.length - asked).toBe(1);
    expect(h.standin.messages.some((m) => m.channel === 'D0ALICE' && m.thread_ts === ts && m.text.includes('answer to: status of checkout?'))).toBe(true);
  });

  it('runs subcommands from a mention, and `summary` in an incident thread reads that thread', async () => {
    const inc = (await h.ops.incidents.get('inc-1'))!;
    h.slack.notifier.incidentChanged({ kind: 'opened', incident: inc });
    const parent = await eventually(() => h.standin.messages.find((m) => m.channel === CHANNEL && !m.thread_ts && m.text.includes('inc-1')));
    h.userSays({ text: 'root cause is the payments connection pool', user: 'U0CAROL', threadTs: parent.ts });
    h.userSays({ text: 'decided to roll back payments to v41', user: 'U0DAVE', threadTs: parent.ts });
    const ts = h.userSays({ text: '<@UBOT0001> summary', threadTs: parent.ts });
    const asked = h.ask.calls.length;
    await h.send(eventCallback(appMention({ text: 'summary', ts, threadTs: parent.ts })));
    await h.settle();
    expect(h.ask.calls.length).toBe(asked);
    expect(h.standin.callsTo('conversations.replies').some((c) => c.args.ts === parent.ts)).toBe(true);
    const summary = h.standin.messages.find((m) => m.thread_ts === parent.ts && JSON.stringify(m.blocks ?? []).includes('Summary:'))!;
    const text = JSON.stringify(summary.blocks);
    expect(text).toContain(`Incident inc-1`);
    expect(text).toContain('payments connection pool');
    expect(text).toContain('roll back payments to v41');
    expect(text).toContain('open (severity high)');
    expect(text).toContain('generated without an LLM');

    const pmTs = h.userSays({ text: '<@UBOT0001> postmortem', threadTs: parent.ts });
    await h.send(eventCallback(appMention({ text: 'postmortem', ts: pmTs, threadTs: parent.ts })));
    await h.settle();
    const pm = h.standin.messages.filter((m) => m.thread_ts === parent.ts && JSON.stringify(m.blocks ?? []).includes('# Postmortem'));
    expect(pm).toHaveLength(1);
    expect(JSON.stringify(pm[0]!.blocks)).toContain('## Root cause');
    expect(h.standin.calls.filter((c) => !c.ok)).toEqual([]);
  });
});
