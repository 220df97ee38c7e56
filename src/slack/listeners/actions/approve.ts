/** The Approve button (with a `confirm` dialog on high-risk actions, shown by Slack before this runs). */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { APPROVE_ACTION_ID } from '../../blocks/action.js';
import { decideFromSlack } from '../../decide.js';
import type { SlackRuntime } from '../../runtime.js';

export function registerApprove(app: App, rt: SlackRuntime): void {
  app.action<BlockAction<ButtonAction>>(APPROVE_ACTION_ID, async ({ ack, body, action, client }) => {
    await ack();
    await decideFromSlack(rt, client, { actionId: action.value ?? '', decision: 'approve', user: body.user.id, ...messageOf(body) });
  });
}

export function messageOf(body: BlockAction): { channel?: string; ts?: string } {
  return { channel: body.channel?.id ?? body.container?.channel_id, ts: body.message?.ts ?? body.container?.message_ts };
}
