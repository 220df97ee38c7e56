/**
 * Pictures in Slack: the incident graph PNG in a new incident's thread and query charts beside answers, uploaded
 * with files.uploadV2 (getUploadURLExternal → POST bytes → completeUploadExternal) against the strict stand-in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { silentLogger } from '../../src/obs/logger.js';
import { createMetrics } from '../../src/obs/metrics.js';
import type { QueryFn } from '../../src/ops/chat-deps.js';
import { rangeChartSvg } from '../../src/render/range-chart-svg.js';
import { createIncidentNotifier } from '../../src/slack/incident-notifier.js';
import { slackMetrics } from '../../src/slack/slack-metrics.js';
import { createThreadIndex } from '../../src/slack/thread-index.js';
import { startSlackStandin } from '../contract/slack-web-api-standin.js';
import { appMention, eventCallback, slackCommand } from '../helpers/slack-payloads.js';
import { pngSize } from '../render/png.js';
import { incident } from '../stores/fixtures.js';
import { CHANNEL, eventually, startHarness, TOKEN, type Harness } from './harness.js';

const chartQuery: QueryFn = async (q) => ({
  ok: true,
  query: q.text,
  text: 'two points',
  chart: { svg: rangeChartSvg([{ name: 'up', points: [[0, 1], [60_000, 3]] }], { width: 300, height: 160 }) },
});

describe('picture uploads', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ coalesceMs: 20, deps: { query: chartQuery } });
  });
  afterAll(async () => h.close());

  it('uploads the call-graph PNG into the thread of a newly opened incident', async () => {
    h.slack.notifier.incidentChanged({ kind: 'opened', incident: incident({ id: 'inc-pic', openedAt: new Date().toISOString(), firstAnomalyAt: new Date().toISOString() }) });
    await h.slack.notifier.flush();
    const parent = h.standin.messages.find((m) => m.channel === CHANNEL && !m.thread_ts && m.text.includes('inc-pic'))!;
    const upload = h.standin.uploads.find((u) => u.filename === 'inc-pic-graph.png')!;
    expect(upload).toMatchObject({ channel: CHANNEL, threadTs: parent.ts, title: 'Call graph around inc-pic' });
    expect(upload.bytes.length).toBe(upload.length);
    expect(pngSize(upload.bytes).width).toBeGreaterThan(0);
    const complete = h.standin.callsTo('files.completeUploadExternal').find((c) => c.args.files[0].id === upload.fileId)!;
    expect(complete).toMatchObject({ ok: true, args: { channel_id: CHANNEL, thread_ts: parent.ts } });
    // The thread itself is unchanged: parent plus the details reply.
    expect(h.standin.messages.filter((m) => m.thread_ts === parent.ts)).toHaveLength(1);
  });

  it('uploads the chart of a PromQL answer into the mention thread, after the text reply', async () => {
    const ts = h.userSays({ text: '<@UBOT0001> promql up' });
    await h.send(eventCallback(appMention({ text: 'promql up', ts })));
    const upload = await eventually(() => h.standin.uploads.find((u) => u.threadTs === ts));
    expect(upload).toMatchObject({ channel: CHANNEL, filename: 'query-chart.png', title: 'up' });
    expect(pngSize(upload.bytes)).toEqual({ width: 300, height: 160 });
    expect(h.standin.messages.some((m) => m.thread_ts === ts && m.bot_id)).toBe(true);
  });

  it('uploads the chart of /aiops promql into the command channel', async () => {
    await h.send(slackCommand({ text: 'promql rate(x[5m])', channel_id: 'C0OPS', response_url: h.standin.responseUrl('cmd-chart') }));
    const upload = await eventually(() => h.standin.uploads.find((u) => u.channel === 'C0OPS'));
    expect(upload).toMatchObject({ title: 'rate(x[5m])', threadTs: undefined });
    expect(h.standin.calls.filter((c) => !c.ok)).toEqual([]);
  });
});

describe('upload failures', () => {
  it('are logged and counted and never break the incident thread', async () => {
    const standin = await startSlackStandin({ token: TOKEN });
    const registry = createMetrics().registry;
    const metrics = slackMetrics(registry);
    const client = new webApi.WebClient(TOKEN, { slackApiUrl: standin.apiUrl, retryConfig: { retries: 0 } });
    const picture = async () => {
      throw new Error('graphviz exploded');
    };
    const notifier = createIncidentNotifier({ channel: CHANNEL, coalesceMs: 1 }, { client, threads: createThreadIndex(), logger: silentLogger, metrics, picture });
    notifier.incidentChanged({ kind: 'opened', incident: incident({ id: 'inc-fail' }) });
    await notifier.flush();
    const parent = standin.messages.find((m) => !m.thread_ts)!;
    expect(standin.messages.filter((m) => m.thread_ts === parent.ts)).toHaveLength(1);
    expect(standin.uploads).toEqual([]);
    expect((await metrics.apiErrors.get()).values.find((v) => v.labels.method === 'files.uploadV2')?.value).toBe(1);
    await standin.close();
  });
});

describe('the stand-in upload methods', () => {
  let standin: Awaited<ReturnType<typeof startSlackStandin>>;
  const call = async (method: string, args: Record<string, unknown>) => {
    const res = await fetch(`${standin.apiUrl}${method}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(args) });
    return (await res.json()) as { ok: boolean; error?: string; upload_url?: string; file_id?: string };
  };
  beforeAll(async () => {
    standin = await startSlackStandin({ token: TOKEN });
  });
  afterAll(async () => standin.close());

  it('rejects missing arguments and unknown or never-uploaded files like Slack', async () => {
    expect(await call('files.getUploadURLExternal', { filename: 'a.png' })).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(await call('files.completeUploadExternal', { channel_id: CHANNEL })).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(await call('files.completeUploadExternal', { files: [{ id: 'F404' }] })).toMatchObject({ ok: false, error: 'file_not_found' });
    const got = await call('files.getUploadURLExternal', { filename: 'a.png', length: 3 });
    expect(await call('files.completeUploadExternal', { files: [{ id: got.file_id }] })).toMatchObject({ ok: false, error: 'file_not_found' });
    expect((await fetch(got.upload_url!, { method: 'POST', body: new Uint8Array([1, 2, 3]) })).status).toBe(200);
    expect(await call('files.completeUploadExternal', { files: [{ id: got.file_id, title: 'A' }], channel_id: CHANNEL })).toMatchObject({ ok: true });
    expect(standin.uploads).toEqual([expect.objectContaining({ fileId: got.file_id, title: 'A', channel: CHANNEL, length: 3, bytes: Buffer.from([1, 2, 3]) })]);
  });
});
