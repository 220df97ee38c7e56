/** Socket Mode (SLACK_APP_TOKEN): the same listeners over a WebSocket, acknowledged with the envelope id. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/obs/logger.js';
import { createMetrics } from '../../src/obs/metrics.js';
import { createSlackApp, type SlackApp } from '../../src/slack/app.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import { startSocketStandin, type SocketStandin } from '../contract/slack-socket-standin.js';
import { startSlackStandin, type SlackStandin } from '../contract/slack-web-api-standin.js';
import { FakeAsk } from '../helpers/fake-chat-deps.js';
import { appMention, eventCallback, slackCommand } from '../helpers/slack-payloads.js';
import { incident } from '../stores/fixtures.js';
import { eventually } from './harness.js';

const TOKEN = 'xoxb-standin-token-0001';
const APP_TOKEN = 'xapp-1-A0AIOPS-standin-0001';

describe('Socket Mode', () => {
  let api: SlackStandin;
  let ws: SocketStandin;
  let stores: Stores;
  let slack: SlackApp;
  const ask = new FakeAsk();
  beforeAll(async () => {
    ws = await startSocketStandin();
    api = await startSlackStandin({ token: TOKEN, appToken: APP_TOKEN, socketUrl: () => ws.url });
    stores = await openStores({ dataDir: 'memory://' });
    await stores.incidents.save(incident({ id: 'inc-1' }));
    const ops = { features: stores.features, graph: stores.graph, incidents: stores.incidents, clock: { now: () => Date.now() }, windowMs: 60_000 };
    slack = createSlackApp({ botToken: TOKEN, signingSecret: undefined, appToken: APP_TOKEN, apiUrl: api.apiUrl, incidentChannel: 'C0INC', approvers: [] }, { ops, ask: ask.fn, logger: silentLogger, metrics: createMetrics(), clock: { now: () => Date.now() } });
    await slack.start();
    await ws.connected();
  });
  afterAll(async () => {
    await slack.stop();
    await ws.close();
    await api.close();
    await stores.close();
  });

  it('opens the connection with the app-level token', () => {
    expect(api.callsTo('apps.connections.open')).toEqual([expect.objectContaining({ ok: true })]);
  });

  it('acks a slash command with its envelope id and the ephemeral reply, then edits it via response_url', async () => {
    const cmd = slackCommand({ text: 'incidents', response_url: api.responseUrl('s1') });
    const ack = await ws.send('slash_commands', cmd.fields);
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    const final = await eventually(() => api.responses.find((r) => r.id === 's1'));
    expect(JSON.stringify(final.body)).toContain('inc-1');
  });

  it('acks an event at once and answers the mention in its thread', async () => {
    const ts = api.seedMessage({ channel: 'C0OPS', user: 'U0ALICE', text: '<@UBOT0001> hello?' });
    const ack = await ws.send('events_api', eventCallback(appMention({ text: 'hello?', ts, channel: 'C0OPS' })).payload);
    expect(ack.payload ?? {}).toEqual({});
    await eventually(() => api.messages.find((m) => m.thread_ts === ts && m.text.includes('answer to: hello?')));
    expect(ask.calls.at(-1)?.question).toBe('hello?');
  });

  it('keeps the HTTP endpoint closed when there is no signing secret', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => void slack.handler(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as import('node:net').AddressInfo).port;
    const r = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: 'x' });
    expect(r.status).toBe(404);
    await new Promise<void>((r) => server.close(() => r()));
  });
});
