/**
 * The picture of an incident: its services and their neighbours in the call graph around the incident
 * (30 minutes either side), as SVG or PNG. Used by GET /api/graph.{svg,png} and the Slack incident thread.
 */
import type { Incident } from '../core/index.js';
import { incidentGraphDot } from '../render/incident-graph-dot.js';
import { renderSvg, svgToPng } from '../stores/render/render-image.js';
import type { OpsContext, OpsResult } from './context.js';

const MARGIN_MS = 30 * 60_000;

export type PictureFormat = 'svg' | 'png';
export type Picture = { format: 'svg'; body: string } | { format: 'png'; body: Uint8Array };

export async function incidentPicture(ctx: OpsContext, id: string, format: PictureFormat): Promise<OpsResult<Picture>> {
  const incident = await ctx.incidents.get(id);
  if (!incident) return { ok: false, error: { code: 'NOT_FOUND', message: `no incident with id "${id}"` } };
  return { ok: true, value: await pictureOf(ctx, incident, format) };
}

/** For callers that already hold the incident (the Slack notifier gets it with the change). */
export async function pictureOf(ctx: OpsContext, incident: Incident, format: PictureFormat): Promise<Picture> {
  const svg = await incidentSvg(ctx, incident);
  return format === 'svg' ? { format, body: svg } : { format, body: svgToPng(svg) };
}

export async function incidentPng(ctx: OpsContext, incident: Incident): Promise<Uint8Array> {
  return svgToPng(await incidentSvg(ctx, incident));
}

async function incidentSvg(ctx: OpsContext, incident: Incident): Promise<string> {
  const from = Date.parse(incident.firstAnomalyAt) - MARGIN_MS;
  const to = incident.resolvedAt ? Date.parse(incident.resolvedAt) : Date.parse(incident.openedAt) + MARGIN_MS;
  // The whole graph in range, narrowed by the builder to the incident's services and their direct neighbours.
  const graph = await ctx.graph.getGraph({ depth: 2, from, to });
  return renderSvg(incidentGraphDot(incident, graph));
}
