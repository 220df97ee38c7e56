/** Small Web API helpers shared by listeners: private notes to one user, and reading a thread. */
import type { webApi } from '@slack/bolt';
import type { ThreadMessage } from '../ops/chat-deps.js';

export type SlackClient = webApi.WebClient;

/** An ephemeral note in the channel where the user acted, or a DM when there is no channel (a modal). */
export async function tell(client: SlackClient, to: { user: string; channel?: string }, text: string): Promise<void> {
  if (to.channel) await client.chat.postEphemeral({ channel: to.channel, user: to.user, text });
  else await client.chat.postMessage({ channel: to.user, text });
}

/** The thread's messages before `beforeTs` (oldest first), bot messages labelled as the assistant. */
export async function readThread(client: SlackClient, channel: string, threadTs: string, beforeTs?: string, limit = 100): Promise<ThreadMessage[]> {
  const r = await client.conversations.replies({ channel, ts: threadTs, limit });
  return (r.messages ?? [])
    .filter((m) => m.ts !== beforeTs && (!beforeTs || Number(m.ts) < Number(beforeTs)))
    .map((m) => ({ user: m.bot_id ? 'aiops' : (m.user ?? 'unknown'), text: m.text ?? '', ts: m.ts }));
}
