/**
 * The Web API stand-in rejects what Slack rejects (so the other tests mean something), exercised through the
 * real @slack/web-api client the app uses.
 */
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackStandin, type SlackStandin } from '../contract/slack-web-api-standin.js';
import { triggerId } from '../helpers/slack-payloads.js';
import { rejectModal } from '../../src/slack/blocks/reject-modal.js';
import { actionBlocks } from '../../src/slack/blocks/action.js';
import { capBlocks, longText, section } from '../../src/slack/blocks/limits.js';
import { actionFixture } from '../helpers/fake-chat-deps.js';

const TOKEN = 'xoxb-contract-0001';

describe('Slack Web API stand-in', () => {
  let s: SlackStandin;
  let client: webApi.WebClient;
  beforeAll(async () => {
    s = await startSlackStandin({ token: TOKEN, usergroups: { S1: ['U1'] } });
    client = new webApi.WebClient(TOKEN, { slackApiUrl: s.apiUrl, retryConfig: { retries: 0 } });
  });
  afterAll(async () => s.close());

  const errorOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: { data?: { error?: string } }) => e.data?.error ?? String(e));

  it('rejects a bad token with invalid_auth and an unknown method with unknown_method', async () => {
    const bad = new webApi.WebClient('xoxb-wrong', { slackApiUrl: s.apiUrl, retryConfig: { retries: 0 } });
    expect(await errorOf(bad.chat.postMessage({ channel: 'C1', text: 'hi' }))).toBe('invalid_auth');
    expect(await errorOf(client.apiCall('chat.frobnicate', {}))).toBe('unknown_method');
  });

  it('rejects more than 50 blocks, over-long texts and duplicate action ids', async () => {
    const many = Array.from({ length: 51 }, (_, i) => section(`b${i}`));
    expect(await errorOf(client.chat.postMessage({ channel: 'C1', text: 't', blocks: many }))).toBe('invalid_blocks');
    expect(await errorOf(client.chat.postMessage({ channel: 'C1', text: 'x'.repeat(40_001) }))).toBe('msg_too_long');
    const longSection = [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'x'.repeat(3001) } }];
    expect(await errorOf(client.chat.postMessage({ channel: 'C1', text: 't', blocks: longSection }))).toBe('invalid_blocks');
    const dup = [...actionBlocks(actionFixture()), ...actionBlocks(actionFixture({ id: 'act-2' }))];
    expect(await errorOf(client.chat.postMessage({ channel: 'C1', text: 't', blocks: dup }))).toBe('invalid_blocks');
    expect(s.calls.filter((c) => c.error === 'invalid_blocks')).toHaveLength(3);
  });

  it('accepts what the builders produce once clipped to the limits', async () => {
    const blocks = capBlocks([...longText('line\n'.repeat(40_000), 60), section('x'.repeat(10_000))]);
    expect(await errorOf(client.chat.postMessage({ channel: 'C1', text: 't', blocks }))).toBe('ok');
    expect(await errorOf(client.chat.postMessage({ channel: 'C1', text: 't', blocks: actionBlocks(actionFixture({ riskScore: 0.9 })) }))).toBe('ok');
  });

  it('needs an existing message for chat.update and a fresh trigger for views.open', async () => {
    expect(await errorOf(client.chat.update({ channel: 'C1', ts: '1.000001', text: 'x' }))).toBe('message_not_found');
    const view = rejectModal(actionFixture(), { actionId: 'act-1' });
    expect(await errorOf(client.views.open({ trigger_id: triggerId(), view }))).toBe('ok');
    expect(await errorOf(client.views.open({ trigger_id: `${Date.now() - 4000}.1.ab`, view }))).toBe('expired_trigger_id');
    expect(await errorOf(client.views.open({ trigger_id: triggerId(), view: { ...view, title: { type: 'plain_text', text: 'x'.repeat(25) } } as typeof view }))).toBe('invalid_arguments');
  });

  it('answers usergroups.users.list and conversations.replies from its state', async () => {
    expect((await client.usergroups.users.list({ usergroup: 'S1' })).users).toEqual(['U1']);
    expect(await errorOf(client.usergroups.users.list({ usergroup: 'S404' }))).toBe('no_such_subteam');
    const root = s.seedMessage({ channel: 'C2', user: 'U1', text: 'root' });
    await client.chat.postMessage({ channel: 'C2', thread_ts: root, text: 'reply' });
    const r = await client.conversations.replies({ channel: 'C2', ts: root });
    expect(r.messages?.map((m) => m.text)).toEqual(['root', 'reply']);
    expect(await errorOf(client.conversations.replies({ channel: 'C2', ts: '9.000009' }))).toBe('thread_not_found');
  });
});
