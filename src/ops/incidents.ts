import type { Incident, IncidentStatus } from '../core/index.js';
import type { OpsContext, OpsResult } from './context.js';

export async function listIncidents(ctx: OpsContext, q: { since?: number; status?: IncidentStatus; limit?: number }): Promise<Incident[]> {
  const list = await ctx.incidents.list({ since: q.since, status: q.status, limit: q.limit ?? 200 });
  // Incidents folded into an older one stay readable by id but are not separate faults.
  return list.filter((i) => !i.mergedInto).map(({ timeline: _timeline, ...rest }) => rest);
}

export async function getIncident(ctx: OpsContext, id: string): Promise<OpsResult<Incident>> {
  const incident = await ctx.incidents.get(id);
  if (!incident) return { ok: false, error: { code: 'NOT_FOUND', message: `no incident with id "${id}"` } };
  return { ok: true, value: { ...incident, timeline: incident.timeline ?? [] } };
}
