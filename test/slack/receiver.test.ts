/** Transport rules at POST /slack/events: signatures, replay window, Slack's handshakes and redeliveries. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appMention, eventCallback, slackCommand, urlVerification } from '../helpers/slack-payloads.js';
import { eventually, startHarness, type Harness } from './harness.js';

describe('Slack receiver', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('refuses a bad signature with 401 and runs nothing', async () => {
    const before = h.standin.calls.length;
    const r = await h.send(eventCallback(appMention({ text: 'ask why' })), { signature: 'v0=' + '0'.repeat(64) });
    expect(r.status).toBe(401);
    await h.settle();
    expect(h.standin.calls.length).toBe(before);
    expect(h.ask.calls).toHaveLength(0);
  });

  it('refuses timestamps outside the 5-minute window, past or future, even when correctly signed', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const ts of [now - 301, now + 301]) {
      const r = await h.send(slackCommand({ text: 'incidents', response_url: h.standin.responseUrl('stale') }), { timestampSec: ts });
      expect(r.status).toBe(401);
    }
    const ok = await h.send(slackCommand({ text: 'help' }), { timestampSec: now - 290 });
    expect(ok.status).toBe(200);
    await h.settle();
    expect(h.standin.responses.filter((x) => x.id === 'stale')).toHaveLength(0);
  });

  it('answers url_verification with the challenge and ssl_check with 200', async () => {
    const r = await h.send(urlVerification('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P'));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
    const ssl = await h.send({ body: 'ssl_check=1&token=deprecated', contentType: 'application/x-www-form-urlencoded' });
    expect(ssl.status).toBe(200);
    expect(ssl.text).toBe('');
  });

  it('processes an event once when Slack redelivers it with X-Slack-Retry-Num', async () => {
    const asked = h.ask.calls.length;
    const ts = h.userSays({ text: '<@UBOT0001> why is checkout slow?' });
    const req = eventCallback(appMention({ text: 'why is checkout slow?', ts }), { eventId: 'Ev0RETRY01' });
    const first = await h.send(req);
    const retry1 = await h.send(req, { retryNum: 1 });
    const retry2 = await h.send(req, { retryNum: 2 });
    expect([first.status, retry1.status, retry2.status]).toEqual([200, 200, 200]);
    await h.settle();
    await eventually(() => h.ask.calls.length > asked);
    expect(h.ask.calls.length - asked).toBe(1);
    expect(h.standin.callsTo('chat.postMessage').filter((c) => c.args.text?.includes('Thinking'))).toHaveLength(1);
  });

  it('refuses non-POST and oversize bodies without running anything', async () => {
    const get = await fetch(h.url);
    expect(get.status).toBe(405);
    const big = await h.send({ body: 'x'.repeat(1_100_000), contentType: 'application/x-www-form-urlencoded' });
    expect(big.status).toBe(413);
  });
});

describe('HTTP receiver with a stub app', () => {
  it('answers an empty 200 when a listener does not ack in time, and 500 (then accepts the redelivery) when it fails before acking', async () => {
    const { createHttpReceiver } = await import('../../src/slack/receiver.js');
    const { slackMetrics } = await import('../../src/slack/slack-metrics.js');
    const { createMetrics } = await import('../../src/obs/metrics.js');
    const { silentLogger } = await import('../../src/obs/logger.js');
    const { createServer } = await import('node:http');
    const { postSlack } = await import('../helpers/slack-payloads.js');
    const receiver = createHttpReceiver({ signingSecret: 'stub-secret', clock: { now: () => Date.now() }, logger: silentLogger, metrics: slackMetrics(createMetrics().registry), ackTimeoutMs: 100 });
    let calls = 0;
    receiver.init({
      processEvent: async (e: { body: { text?: string } }) => {
        calls++;
        if (e.body.text === 'slow') await new Promise((r) => setTimeout(r, 600));
        if (e.body.text === 'boom' && calls === 2) throw new Error('listener exploded');
      },
    } as never);
    const server = createServer((req, res) => void receiver.handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}/`;
    const slow = await postSlack(url, slackCommand({ text: 'slow' }), { secret: 'stub-secret' });
    expect(slow.status).toBe(200);
    expect(slow.text).toBe('');
    expect(slow.ms).toBeLessThan(500);
    const boom = slackCommand({ text: 'boom' });
    expect((await postSlack(url, boom, { secret: 'stub-secret' })).status).toBe(500);
    expect((await postSlack(url, boom, { secret: 'stub-secret', retryNum: 1 })).status).toBe(200);
    expect((await postSlack(url, boom, { secret: 'stub-secret', retryNum: 2 })).status).toBe(200);
    await receiver.drain();
    expect(calls).toBe(3);
    await new Promise<void>((r) => server.close(() => r()));
  });
});
