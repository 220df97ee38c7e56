import { z } from 'zod';
import { defineTool } from '../src/core/index.js';

export const getActionStatus = defineTool({
  name: 'get_action_status',
  description: 'Status and audit trail of a proposed remediation by its action id.',
  input: z.object({ id: z.string().min(1) }),
  needsApproval: false,
  summarize: (i) => `Checking action ${i.id}`,
  async run(ctx, i) {
    const a = await ctx.actions.status(i.id);
    if (!a) return { status: 'error', error: `No action with id "${i.id}".` };
    return { status: 'ok', data: { id: a.id, incidentId: a.incidentId, type: a.type, target: a.target, status: a.status, decidedBy: a.decidedBy, dryRun: a.dryRun, audit: a.audit.slice(-10) } };
  },
});
