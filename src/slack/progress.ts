/**
 * Long answers in a thread: post a placeholder right away, edit it with partial output at most once per
 * interval, then replace it with the final message. Failures become a short note, never a raw exception.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../obs/logger.js';
import type { RenderedMessage } from './blocks/outcome.js';
import { clip, LIMITS, section } from './blocks/limits.js';
import type { SlackClient } from './slack-io.js';

export async function answerInThread(
  client: SlackClient,
  at: { channel: string; threadTs: string },
  work: (onProgress: (partial: string) => void) => Promise<RenderedMessage>,
  opts: { intervalMs: number; logger: Logger; label: string },
): Promise<void> {
  const placeholder = await client.chat.postMessage({ channel: at.channel, thread_ts: at.threadTs, text: `:hourglass_flowing_sand: ${opts.label}…` });
  const ref = { channel: placeholder.channel ?? at.channel, ts: placeholder.ts! };
  let last = 0;
  let edits = Promise.resolve();
  const onProgress = (partial: string) => {
    const now = Date.now();
    if (now - last < opts.intervalMs || !partial.trim()) return;
    last = now;
    const text = clip(partial, LIMITS.sectionText);
    edits = edits.then(() => client.chat.update({ ...ref, text, blocks: [section(`${text} :hourglass_flowing_sand:`)] }).then(() => undefined)).catch(() => undefined);
  };
  let final: RenderedMessage;
  try {
    final = await work(onProgress);
  } catch (e) {
    final = failure(opts.logger, opts.label, e);
  }
  await edits;
  await client.chat.update({ ...ref, text: clip(final.text, LIMITS.messageText), blocks: final.blocks });
}

/** A message for people plus a reference to the logged error; the error itself stays in the log. */
export function failure(logger: Logger, label: string, e: unknown): RenderedMessage {
  const ref = randomBytes(3).toString('hex');
  logger.error('slack request failed', { label, ref, error: e });
  const text = `:x: ${label} failed (ref ${ref}); the error was logged.`;
  return { text, blocks: [section(text)] };
}
