import { z } from 'zod';
import { defineTool } from '../src/core/index.js';

export const getServiceGraph = defineTool({
  name: 'get_service_graph',
  description: 'Service dependency graph: nodes (services, databases, external hosts) and call edges with calls, errors and p99. Centre on a service with a depth, or omit for the whole graph. Use for "what does X depend on", "who calls X".',
  input: z.object({ service: z.string().optional(), depth: z.number().int().min(1).max(4).default(1) }),
  needsApproval: false,
  summarize: (i) => (i.service ? `Reading the dependencies of ${i.service} (${i.depth} hop)` : 'Reading the service graph'),
  async run(ctx, i) {
    const g = await ctx.graph.getGraph({ service: i.service, depth: i.depth });
    if (g.nodes.length === 0) {
      return { status: i.service ? 'error' : 'no_data', error: i.service ? `"${i.service}" is not in the service graph. Call list_services for the exact names.` : 'The service graph is empty.' };
    }
    const calls = i.service ? g.edges.filter((e) => e.from === i.service).map((e) => e.to) : [];
    const calledBy = i.service ? g.edges.filter((e) => e.to === i.service).map((e) => e.from) : [];
    return { status: 'ok', data: { ...(i.service ? { service: i.service, calls, calledBy } : {}), nodes: g.nodes.map((n) => ({ name: n.name, kind: n.kind })), edges: g.edges } };
  },
});
