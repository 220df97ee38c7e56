import type { ServiceGraph } from '../core/index.js';
import type { OpsContext, OpsResult } from './context.js';

export async function listServices(ctx: OpsContext): Promise<{ name: string; lastSeen: string }[]> {
  const services = await ctx.features.listServices();
  return services
    .map((s) => ({ name: s.name, lastSeen: new Date(s.lastSeen).toISOString() }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Resolves a service name; an unknown one gets the closest known names as a hint. */
export async function knownService(ctx: OpsContext, name: string): Promise<OpsResult<{ name: string; lastSeen: number }>> {
  const services = await ctx.features.listServices();
  const hit = services.find((s) => s.name === name);
  if (hit) return { ok: true, value: hit };
  const near = services.filter((s) => s.name.includes(name) || name.includes(s.name)).map((s) => s.name).slice(0, 5);
  const hint = near.length ? ` Did you mean: ${near.join(', ')}?` : services.length ? '' : ' No telemetry has been received yet.';
  return { ok: false, error: { code: 'UNKNOWN_SERVICE', message: `unknown service "${name}".${hint}` } };
}

export async function serviceGraph(ctx: OpsContext, q: { service?: string; depth?: number; from?: number; to?: number }): Promise<OpsResult<ServiceGraph>> {
  if (q.service) {
    const known = await knownService(ctx, q.service);
    if (!known.ok) {
      const g = await ctx.graph.getGraph({ service: q.service, depth: 0 });
      if (g.nodes.length === 0) return known;
    }
  }
  return { ok: true, value: await ctx.graph.getGraph({ service: q.service, depth: q.depth ?? 2, from: q.from, to: q.to }) };
}
