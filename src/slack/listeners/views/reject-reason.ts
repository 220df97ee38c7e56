/** Submission of the rejection modal: validates the reason in the modal, then decides. */
import type { App } from '@slack/bolt';
import { REASON_BLOCK, REASON_INPUT, REJECT_VIEW_ID, type RejectMetadata } from '../../blocks/reject-modal.js';
import { decideFromSlack } from '../../decide.js';
import type { SlackRuntime } from '../../runtime.js';

export function registerRejectReason(app: App, rt: SlackRuntime): void {
  app.view(REJECT_VIEW_ID, async ({ ack, body, view, client }) => {
    const reason = (view.state.values[REASON_BLOCK]?.[REASON_INPUT]?.value ?? '').trim();
    if (reason.length < 3) {
      await ack({ response_action: 'errors', errors: { [REASON_BLOCK]: 'Give a reason of at least 3 characters.' } });
      return;
    }
    let meta: RejectMetadata;
    try {
      meta = JSON.parse(view.private_metadata) as RejectMetadata;
    } catch {
      await ack({ response_action: 'errors', errors: { [REASON_BLOCK]: 'This form is out of date; click Reject again.' } });
      return;
    }
    await ack();
    await decideFromSlack(rt, client, { actionId: meta.actionId, decision: 'reject', user: body.user.id, reason, channel: meta.channel, ts: meta.ts });
  });
}
