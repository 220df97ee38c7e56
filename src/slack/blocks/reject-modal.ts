/** The modal that asks for a rejection reason (views.open → view_submission). */
import type { types } from '@slack/bolt';
import type { Action } from '../../core/index.js';
import { actionSummary } from './action.js';
import { clip, section } from './limits.js';

export const REJECT_VIEW_ID = 'aiops_reject_reason';
export const REASON_BLOCK = 'reason';
export const REASON_INPUT = 'reason_input';

/** Where the decision came from, so the submission can update that message. Kept under 3000 characters. */
export interface RejectMetadata {
  actionId: string;
  channel?: string;
  ts?: string;
}

export function rejectModal(a: Action, meta: RejectMetadata): types.View {
  return {
    type: 'modal',
    callback_id: REJECT_VIEW_ID,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: 'Reject action' },
    submit: { type: 'plain_text', text: 'Reject' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(clip(`Reject ${actionSummary(a)}?`, 3000)),
      {
        type: 'input',
        block_id: REASON_BLOCK,
        label: { type: 'plain_text', text: 'Reason' },
        element: { type: 'plain_text_input', action_id: REASON_INPUT, multiline: true, min_length: 3, max_length: 1000, placeholder: { type: 'plain_text', text: 'Why should this not run?' } },
      },
    ],
  };
}
