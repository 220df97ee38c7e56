import { z } from 'zod';
import { defineTool } from '../src/core/index.js';

export const runRca = defineTool({
  name: 'run_rca',
  description:
    'Root-cause analysis for a service: re-scores its neighbourhood (3 hops) over the window against the two hours before and ranks anomalous services with evidence. Use for "what is wrong with X", "why is X slow/failing".',
  input: z.object({
    service: z.string().min(1),
    minutes: z.number().int().min(5).max(240).default(30),
    at: z.string().optional().describe('ISO end of the window; default: latest data'),
  }),
  needsApproval: false,
  summarize: (i) => `Running root-cause analysis for ${i.service} over ${i.minutes} min`,
  async run(ctx, i) {
    const at = i.at ? Date.parse(i.at) : undefined;
    if (at !== undefined && !Number.isFinite(at)) return { status: 'error', error: `"at" must be an ISO time (got "${i.at}")` };
    const r = await ctx.rca(i.service, at, i.minutes * 60_000);
    if (!r.ok) return { status: 'error', error: `${r.message} Call list_services for the exact names.` };
    const window = `${r.scope.from}–${r.scope.to}`;
    if (r.rootCauses.length === 0) return { status: 'no_data', error: `No anomalies in ${r.scope.services} services around ${i.service} in ${window}.`, data: r, query: window };
    return { status: 'ok', data: r, query: window };
  },
});
