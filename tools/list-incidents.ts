import { z } from 'zod';
import { defineTool } from '../src/core/index.js';

export const listIncidents = defineTool({
  name: 'list_incidents',
  description: 'List incidents newest first: id, status, severity, opened time, services and the top root cause. Filter by status or by a service involved.',
  input: z.object({
    status: z.enum(['open', 'resolved']).optional(),
    service: z.string().optional().describe('only incidents whose services include this one'),
    limit: z.number().int().min(1).max(50).default(10),
  }),
  needsApproval: false,
  summarize: (i) => `Listing ${i.status ?? 'all'} incidents${i.service ? ` involving ${i.service}` : ''}`,
  async run(ctx, i) {
    const all = (await ctx.incidents.list({ status: i.status, limit: 500 })).filter((x) => !x.mergedInto);
    const picked = (i.service ? all.filter((x) => x.services.includes(i.service!)) : all).slice(0, i.limit);
    const searched = `status=${i.status ?? 'any'}${i.service ? ` service=${i.service}` : ''}`;
    if (picked.length === 0) return { status: 'no_data', error: `No incidents match ${searched}.`, query: searched };
    const data = picked.map((x) => ({
      id: x.id, status: x.status, severity: x.severity, openedAt: x.openedAt, resolvedAt: x.resolvedAt, services: x.services,
      rootCause: x.rootCauses[0] ? { service: x.rootCauses[0].service, indicator: x.rootCauses[0].indicator, score: x.rootCauses[0].score } : null,
    }));
    return { status: 'ok', data, query: searched };
  },
});
