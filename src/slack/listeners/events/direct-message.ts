/** Direct messages to the bot (message.im). Edits, bot posts and other subtypes are ignored. */
import type { App } from '@slack/bolt';
import { converse, stripMentions } from '../../converse.js';
import type { SlackRuntime } from '../../runtime.js';

export function registerDirectMessage(app: App, rt: SlackRuntime): void {
  app.event('message', async ({ event, client }) => {
    if (event.channel_type !== 'im' || event.subtype !== undefined || !('user' in event) || !event.user || 'bot_id' in event && event.bot_id) return;
    await converse(rt, client, { channel: event.channel, ts: event.ts, threadTs: event.thread_ts, user: event.user, text: stripMentions(event.text ?? '') });
  });
}
