/** `@aiops …` in a channel or thread. Bolt acks Events API requests before listeners run. */
import type { App } from '@slack/bolt';
import { converse, stripMentions } from '../../converse.js';
import type { SlackRuntime } from '../../runtime.js';

export function registerAppMention(app: App, rt: SlackRuntime): void {
  app.event('app_mention', async ({ event, client }) => {
    if (!event.user) return;
    await converse(rt, client, { channel: event.channel, ts: event.ts, threadTs: event.thread_ts, user: event.user, text: stripMentions(event.text) });
  });
}
