import type { App } from '@slack/bolt';
import type { SlackRuntime } from '../../runtime.js';
import { registerAppMention } from './app-mention.js';
import { registerDirectMessage } from './direct-message.js';

export function register(app: App, rt: SlackRuntime): void {
  registerAppMention(app, rt);
  registerDirectMessage(app, rt);
}
