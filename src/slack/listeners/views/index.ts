import type { App } from '@slack/bolt';
import type { SlackRuntime } from '../../runtime.js';
import { registerRejectReason } from './reject-reason.js';

export function register(app: App, rt: SlackRuntime): void {
  registerRejectReason(app, rt);
}
