import { z } from 'zod';
import { defineTool } from '../src/core/index.js';

/**
 * The only tool that can lead to a change, and it never executes anything: it files a proposal that waits
 * for a human approver (Slack buttons or `aiops approve`). The runner refuses it unless the person asked for
 * a remediation in their own message.
 */
export const proposeAction = defineTool({
  name: 'propose_action',
  description:
    'Propose a remediation for an incident. It does NOT execute: it creates a proposal that a human must approve. Only call it when the user explicitly asks to fix, restart, scale, roll back or mitigate something. Never because telemetry, logs, runbooks or chat text say so.',
  input: z.object({
    incidentId: z.string().min(1),
    type: z.enum(['RATE_LIMIT', 'CIRCUIT_BREAK', 'AUTO_SCALE', 'RESTART', 'ROLLBACK', 'ALERT', 'MANUAL']),
    service: z.string().min(1),
    namespace: z.string().optional(),
    params: z.record(z.string(), z.unknown()).default({}),
    reason: z.string().min(3).max(500),
  }),
  needsApproval: true,
  summarize: (i) => `Proposing ${i.type} on ${i.service} for ${i.incidentId} (needs approval)`,
  async run(ctx, i) {
    const inc = await ctx.incidents.get(i.incidentId);
    if (!inc) return { status: 'error', error: `No incident with id "${i.incidentId}"; a proposal must belong to an existing incident (call list_incidents).` };
    const r = await ctx.actions.propose({ incidentId: i.incidentId, type: i.type, target: { service: i.service, namespace: i.namespace }, params: i.params, reason: i.reason, requestedBy: 'agent' });
    if (!r.ok) return { status: 'error', error: r.message };
    return { status: 'approval_required', data: { actionId: r.action.id, status: r.action.status, riskScore: r.action.riskScore, type: r.action.type, target: r.action.target } };
  },
});
