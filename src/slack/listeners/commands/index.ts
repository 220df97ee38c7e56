import type { App } from '@slack/bolt';
import type { SlackRuntime } from '../../runtime.js';
import { registerAiopsCommand } from './aiops.js';

export function register(app: App, rt: SlackRuntime): void {
  registerAiopsCommand(app, rt);
}
