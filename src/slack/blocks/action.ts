/**
 * A proposed remediation with Approve / Reject buttons, and the same message once decided. High-risk
 * actions get a `confirm` dialog on Approve (https://api.slack.com/reference/block-kit/composition-objects#confirm).
 */
import type { Action } from '../../core/index.js';
import { clip, context, esc, LIMITS, section, when, type Block } from './limits.js';

export const APPROVE_ACTION_ID = 'aiops_action_approve';
export const REJECT_ACTION_ID = 'aiops_action_reject';

/** At or above this risk an action needs a confirmation and an approver other than its proposer. */
export const HIGH_RISK = 0.7;

export function isHighRisk(a: Action): boolean {
  return a.riskScore >= HIGH_RISK || a.type === 'ROLLBACK' || a.requiredApprovers === 2;
}

/** Who proposed the action: `proposedBy`, else the actor of its first `proposed` audit entry. */
export function proposerOf(a: Action): string | undefined {
  return a.proposedBy ?? a.audit.find((e) => e.event === 'proposed')?.actor;
}

/** Approvals recorded so far on an action that needs two approvers (`approval` audit entries). */
export function approvalsSoFar(a: Action): string[] {
  return a.audit.filter((e) => e.event === 'approval').map((e) => e.actor);
}

/** A Slack user id as a mention; other actors (`engine`, `api`, a CLI user) as plain text. */
export function who(actor: string): string {
  return actor
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
    .map((x) => (/^[UW][A-Z0-9]{2,}$/.test(x) ? `<@${x}>` : esc(x)))
    .join(', ');
}

export function actionSummary(a: Action): string {
  const params = Object.entries(a.params).slice(0, 4).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ');
  return `*${a.type}* on \`${esc(a.target.service)}\`${a.target.namespace ? ` (ns ${esc(a.target.namespace)})` : ''}${params ? ` — ${esc(params)}` : ''}`;
}

export function riskLabel(a: Action): string {
  return `risk ${a.riskScore.toFixed(2)}${isHighRisk(a) ? ' :warning: high' : ''}${a.dryRun ? ' · dry run' : ''}`;
}

export function actionText(a: Action): string {
  return `${a.type} ${a.target.service} (${a.status}, risk ${a.riskScore.toFixed(2)})`;
}

function decisionLine(a: Action): string {
  const d = [...a.audit].reverse().find((e) => e.event === 'approved' || e.event === 'rejected');
  const by = a.decidedBy ?? d?.actor;
  const icon = a.status === 'rejected' ? ':no_entry:' : a.status === 'expired' ? ':hourglass:' : a.status === 'failed' ? ':x:' : ':white_check_mark:';
  const why = d?.event === 'rejected' && d.detail ? ` — “${esc(clip(d.detail, 500))}”` : '';
  return `${icon} *${a.status}*${by ? ` by ${who(by)}` : ''}${d ? ` at ${when(d.at)}` : ''}${why}`;
}

export function actionBlocks(a: Action): Block[] {
  const blocks: Block[] = [section(`:gear: Proposed action ${actionSummary(a)}\n${riskLabel(a)}`, `action_${a.id}`.slice(0, 255))];
  if (a.status === 'proposed' && a.requiresApproval) {
    const high = isHighRisk(a);
    blocks.push({
      type: 'actions',
      block_id: 'decision',
      elements: [
        {
          type: 'button',
          action_id: APPROVE_ACTION_ID,
          text: { type: 'plain_text', text: clip('Approve', LIMITS.button) },
          style: 'primary',
          value: a.id,
          ...(high
            ? { confirm: { title: { type: 'plain_text', text: 'Approve high-risk action?' }, text: { type: 'mrkdwn', text: clip(`${actionSummary(a)}\n${riskLabel(a)}`, 300) }, confirm: { type: 'plain_text', text: 'Approve' }, deny: { type: 'plain_text', text: 'Cancel' }, style: 'danger' as const } }
            : {}),
        },
        { type: 'button', action_id: REJECT_ACTION_ID, text: { type: 'plain_text', text: 'Reject' }, style: 'danger', value: a.id },
      ],
    });
    const proposer = proposerOf(a);
    const approvals = approvalsSoFar(a);
    const need = a.requiredApprovers ?? 1;
    blocks.push(
      context(
        `\`${a.id}\`${proposer ? ` · proposed by ${who(proposer)}` : ''}${high ? ' · needs an approver other than the proposer' : ''}${need > 1 ? ` · approvals ${approvals.length}/${need}${approvals.length ? `: ${who(approvals.join(','))}` : ''}` : ''}`,
      ),
    );
  } else if (a.status === 'proposed') {
    blocks.push(context(`\`${a.id}\` · runs without approval`));
  } else {
    blocks.push(section(decisionLine(a)), context(`\`${a.id}\``));
  }
  return blocks;
}
