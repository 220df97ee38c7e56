/** The Reject button: checks the user may decide, then asks for a reason in a modal (views.open). */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { REJECT_ACTION_ID } from '../../blocks/action.js';
import { rejectModal } from '../../blocks/reject-modal.js';
import { checkDecision } from '../../decide.js';
import type { SlackRuntime } from '../../runtime.js';
import { tell } from '../../slack-io.js';
import { messageOf } from './approve.js';

export function registerReject(app: App, rt: SlackRuntime): void {
  app.action<BlockAction<ButtonAction>>(REJECT_ACTION_ID, async ({ ack, body, action, client }) => {
    await ack();
    const where = messageOf(body);
    const d = { actionId: action.value ?? '', decision: 'reject' as const, user: body.user.id, ...where };
    const check = await checkDecision(rt, client, d);
    if (!check.ok) return void (await tell(client, { user: d.user, channel: d.channel }, check.error.message));
    await client.views.open({ trigger_id: body.trigger_id, view: rejectModal(check.value, { actionId: d.actionId, ...where }) });
  });
}
