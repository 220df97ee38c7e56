import { z } from 'zod';
import { defineTool } from '../src/core/index.js';

export const getIncident = defineTool({
  name: 'get_incident',
  description: 'One incident by id with its ranked root causes (with evidence), anomalies and timeline.',
  input: z.object({ id: z.string().min(1).describe('incident id such as inc-20250101T1200-abc123') }),
  needsApproval: false,
  summarize: (i) => `Reading incident ${i.id}`,
  async run(ctx, i) {
    const inc = await ctx.incidents.get(i.id);
    if (!inc) return { status: 'error', error: `No incident with id "${i.id}". Call list_incidents for the ids that exist.` };
    const anomalies = inc.anomalies.slice().sort((a, b) => b.score - a.score).slice(0, 15);
    return { status: 'ok', data: { ...inc, anomalies, anomalyCount: inc.anomalies.length, timeline: (inc.timeline ?? []).slice(-20) } };
  },
});
