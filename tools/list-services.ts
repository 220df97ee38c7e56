import { z } from 'zod';
import { defineTool } from '../src/core/index.js';

export const listServices = defineTool({
  name: 'list_services',
  description: 'List every service that has sent telemetry, with when it was last seen (event time). Use it to check a service name before asking about it.',
  input: z.object({}),
  needsApproval: false,
  summarize: () => 'Listing known services',
  async run(ctx) {
    const services = await ctx.features.listServices();
    if (services.length === 0) return { status: 'no_data', error: 'No service has sent telemetry yet (searched the feature store).' };
    const data = services.map((s) => ({ name: s.name, lastSeen: new Date(s.lastSeen).toISOString() })).sort((a, b) => a.name.localeCompare(b.name));
    return { status: 'ok', data };
  },
});
