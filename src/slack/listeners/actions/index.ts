import type { App } from '@slack/bolt';
import type { SlackRuntime } from '../../runtime.js';
import { registerApprove } from './approve.js';
import { registerReject } from './reject.js';

export function register(app: App, rt: SlackRuntime): void {
  registerApprove(app, rt);
  registerReject(app, rt);
}
