/**
 * A mention or a DM: a known subcommand (`summary`, `status`, `rca checkout`…) runs as such; anything else is
 * a question for the agent, with the thread's earlier messages as context. The answer goes into the thread.
 */
import { parseChatCommand, type ChatCommand } from '../ops/chat-command-parse.js';
import { runChatCommand, type CommandOutcome } from '../ops/chat-command-run.js';
import { renderOutcome } from './blocks/outcome.js';
import { answerInThread } from './progress.js';
import type { SlackRuntime } from './runtime.js';
import { readThread, type SlackClient } from './slack-io.js';
import { uploadChart } from './upload-png.js';

export interface Utterance {
  channel: string;
  ts: string;
  threadTs?: string;
  user: string;
  text: string;
}

export async function converse(rt: SlackRuntime, client: SlackClient, u: Utterance): Promise<void> {
  const parsed = parseChatCommand(u.text);
  const cmd: ChatCommand = parsed.ok ? parsed.command : { name: 'ask', question: u.text };
  const root = u.threadTs ?? u.ts;
  const thread = u.threadTs ? await readThread(client, u.channel, u.threadTs, u.ts) : [];
  const incidentId = (await rt.threads.incidentAt({ channel: u.channel, ts: root })) ?? undefined;
  const label = cmd.name === 'ask' ? 'Thinking' : `Running ${cmd.name}`;
  let outcome: CommandOutcome | undefined;
  await answerInThread(
    client,
    { channel: u.channel, threadTs: root },
    async (onProgress) => renderOutcome((outcome = await runChatCommand(rt.deps, cmd, { user: u.user, thread, incidentId, onProgress }))),
    { intervalMs: rt.progressIntervalMs, logger: rt.deps.logger, label },
  );
  if (outcome) await uploadChart(rt, client, outcome, { channel: u.channel, threadTs: root });
}

/** Mention text without the bot's own `<@U…>` tag(s). */
export function stripMentions(text: string): string {
  return text.replace(/<@[UW][A-Z0-9]+(\|[^>]*)?>/g, ' ').replace(/\s+/g, ' ').trim();
}
