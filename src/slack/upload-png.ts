/**
 * PNG uploads into a channel or thread with Slack's current flow (files.getUploadURLExternal → POST the bytes
 * to upload_url → files.completeUploadExternal), which `files.uploadV2` runs for us. A picture is a nicety:
 * a failure is logged and counted, never thrown into the thread it decorates.
 */
import type { Logger } from '../obs/logger.js';
import type { CommandOutcome } from '../ops/chat-command-run.js';
import { svgToPng } from '../stores/render/render-image.js';
import type { SlackRuntime } from './runtime.js';
import type { SlackClient } from './slack-io.js';
import type { SlackMetrics } from './slack-metrics.js';

export interface PngUpload {
  channel: string;
  threadTs?: string;
  filename: string;
  title: string;
  altText?: string;
}

export async function uploadPng(client: SlackClient, to: PngUpload, png: () => Promise<Uint8Array | null>, io: { logger: Logger; metrics: SlackMetrics }): Promise<boolean> {
  try {
    const bytes = await png();
    if (!bytes) return false;
    const file = { file: Buffer.from(bytes), filename: to.filename, title: to.title, alt_text: to.altText };
    // The argument type is a union: thread_ts is accepted only together with channel_id.
    if (to.threadTs) await client.files.uploadV2({ ...file, channel_id: to.channel, thread_ts: to.threadTs });
    else await client.files.uploadV2({ ...file, channel_id: to.channel });
    return true;
  } catch (e) {
    io.metrics.apiErrors.inc({ method: 'files.uploadV2' });
    io.logger.warn('slack picture upload failed', { channel: to.channel, filename: to.filename, error: e });
    return false;
  }
}

/** The chart of a PromQL range answer, when the outcome has one; the text reply is already posted. */
export async function uploadChart(rt: SlackRuntime, client: SlackClient, outcome: CommandOutcome, to: { channel: string; threadTs?: string }): Promise<void> {
  if (outcome.type !== 'query' || !outcome.chart) return;
  const svg = outcome.chart.svg;
  await uploadPng(client, { ...to, filename: 'query-chart.png', title: outcome.query.slice(0, 250), altText: `Chart of ${outcome.query.slice(0, 900)}` }, async () => svgToPng(svg), { logger: rt.deps.logger, metrics: rt.metrics });
}
