/** `/aiops` subcommands end to end: signed request → ack within budget → shared ops handler → edited reply. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateBlocks } from '../contract/slack-block-rules.js';
import { slackCommand } from '../helpers/slack-payloads.js';
import { CHANNEL, eventually, startHarness, type Harness } from './harness.js';

describe('/aiops slash command', () => {
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  /** Sends `/aiops text` and returns the ack and the final response_url message. */
  async function run(text: string, user = 'U0ALICE') {
    const id = `r${++n}`;
    const ack = await h.send(slackCommand({ text, user_id: user, response_url: h.standin.responseUrl(id) }));
    await h.settle();
    const replies = h.standin.responses.filter((r) => r.id === id).map((r) => r.body);
    return { ack, replies, final: replies.at(-1) };
  }
  const allText = (m: { blocks?: unknown; text?: string } | null | undefined) => JSON.stringify(m?.blocks ?? []) + (m?.text ?? '');

  it('answers help and an unknown subcommand with an ephemeral help in the ack itself', async () => {
    const help = await run('help');
    expect(help.ack.status).toBe(200);
    expect(help.ack.json?.response_type).toBe('ephemeral');
    expect(allText(help.ack.json!)).toContain('/aiops rca SERVICE [window]');
    expect(help.replies).toHaveLength(0);
    const bad = await run('frobnicate now');
    expect(bad.ack.json?.response_type).toBe('ephemeral');
    expect(allText(bad.ack.json!)).toContain('unknown subcommand');
    expect(allText(bad.ack.json!)).toContain('/aiops incidents');
    const malformed = await run('rca');
    expect(allText(malformed.ack.json!)).toContain('usage: rca SERVICE [window]');
    expect(validateBlocks(bad.ack.json!.blocks, 'message')).toEqual([]);
  });

  it('acks at once, then replaces the reply with the incident list from the store', async () => {
    const r = await run('incidents');
    expect(r.ack.json?.text).toContain('Working on');
    expect(r.ack.ms).toBeLessThan(3000);
    expect(r.final?.replace_original).toBe(true);
    expect(r.final?.response_type).toBe('ephemeral');
    expect(allText(r.final)).toContain('inc-1');
    expect(validateBlocks(r.final!.blocks, 'message')).toEqual([]);
  });

  it('shows one incident with its root causes, and says when the id is unknown', async () => {
    const inc = await run('incident inc-1');
    expect(allText(inc.final)).toContain('payments');
    expect(allText(inc.final)).toContain('p99 up 5x');
    const missing = await run('incident inc-nope');
    expect(allText(missing.final)).toContain('no incident with id');
  });

  it('runs rca, graph and status over the seeded store', async () => {
    const rca = await run('rca checkout 45m');
    expect(allText(rca.final)).toContain('Root causes for checkout');
    const unknown = await run('rca nosuchservice');
    expect(allText(unknown.final)).toContain('unknown service "nosuchservice"');
    const graph = await run('graph checkout');
    expect(allText(graph.final)).toMatch(/payments — \d+ calls/);
    const status = await run('status');
    expect(allText(status.final)).toContain('services seen: 2');
    expect(allText(status.final)).toContain('open incidents: 1');
  });

  it('passes ask, query, promql and sql to their dependencies with the user id', async () => {
    const ask = await run('ask why is checkout slow?', 'U0BOB');
    expect(h.ask.calls.at(-1)).toMatchObject({ question: 'why is checkout slow?', user: 'U0BOB' });
    expect(allText(ask.final)).toContain('answer to: why is checkout slow?');
    await run('sql SELECT count(*) FROM incidents');
    await run('promql rate(http_requests_total[5m])');
    await run('query error rate of checkout today');
    expect(h.query.calls.map((c) => c.kind)).toEqual(['sql', 'promql', 'nl']);
    expect(h.query.calls[0]!.text).toBe('SELECT count(*) FROM incidents');
  });

  it('lists proposed actions', async () => {
    const r = await run('actions');
    expect(allText(r.final)).toContain('No proposed actions');
  });

  it('posts `summary ID` into the incident thread', async () => {
    const inc = (await h.ops.incidents.get('inc-1'))!;
    h.slack.notifier.incidentChanged({ kind: 'opened', incident: inc });
    const parent = await eventually(() => h.standin.messages.find((m) => m.channel === CHANNEL && !m.thread_ts && m.text.includes('inc-1')));
    h.userSays({ text: 'looks like payments pool saturation, because of the deploy', user: 'U0CAROL', threadTs: parent.ts });
    const r = await run('summary inc-1');
    expect(r.final?.text).toContain('Posted the summary');
    const posted = h.standin.messages.filter((m) => m.thread_ts === parent.ts && JSON.stringify(m.blocks ?? []).includes('Summary:'));
    expect(posted).toHaveLength(1);
    const body = JSON.stringify(posted[0]!.blocks);
    expect(body).toContain('Findings');
    expect(body).toContain('pool saturation');
    expect(body).toContain('open (severity high)');
  });
});

describe('/aiops without an agent configured', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ withAsk: false });
  });
  afterAll(async () => h.close());

  it('says the agent is not configured but still answers deterministic subcommands', async () => {
    await h.send(slackCommand({ text: 'ask what broke?', response_url: h.standin.responseUrl('a') }));
    await h.send(slackCommand({ text: 'incidents', response_url: h.standin.responseUrl('b') }));
    await h.settle();
    const [a, b] = ['a', 'b'].map((id) => JSON.stringify(h.standin.responses.filter((r) => r.id === id).at(-1)?.body));
    expect(a).toContain('agent is not configured');
    expect(b).toContain('inc-1');
  });
});
