/** The HTTP API of INTERFACES.md over the ops/ use cases. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { IncidentStatus } from '../core/index.js';
import { parseDuration } from '../config/duration.js';
import type { OpsContext, OpsError } from '../ops/context.js';
import { getIncident, listIncidents } from '../ops/incidents.js';
import { listServices, serviceGraph } from '../ops/services.js';
import { queryFeatures } from '../ops/features.js';
import { runRca } from '../ops/rca.js';
import { incidentPicture } from '../ops/incident-picture.js';
import { HttpError, intParam, readJson, sendJson, timeParam } from './http-kit.js';
import { routeActions } from './action-routes.js';
import type { ActionsDeps } from '../ops/actions.js';

export interface ApiDeps {
  ops: OpsContext;
  metricsText: () => Promise<string>;
  ready: () => Promise<boolean>;
  /** Remediation use cases; absent: /api/actions answers 404. */
  actions?: ActionsDeps;
  /** The Slack app's signed endpoint (Events API, slash commands, interactivity); absent: 404. */
  slack?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

const RESOLUTIONS = ['1m', '5m', '15m', '1h'] as const;
const rcaBody = z.object({ service: z.string().min(1), at: z.string().optional(), window: z.string().optional() });

function opsStatus(e: OpsError): number {
  return e.code === 'NOT_FOUND' || e.code === 'UNKNOWN_SERVICE' ? 404 : 400;
}

export async function route(req: IncomingMessage, res: ServerResponse, deps: ApiDeps): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  const get = method === 'GET' || method === 'HEAD';

  // Slack verifies the signature over the raw body, so its handler reads the request itself.
  if (path === '/slack/events' && method === 'POST' && deps.slack) return deps.slack(req, res);
  if (path === '/healthz' && get) return sendJson(res, 200, { status: 'ok' });
  if (path === '/readyz' && get) {
    const ready = await deps.ready().catch(() => false);
    return sendJson(res, ready ? 200 : 503, { status: ready ? 'ok' : 'unavailable' });
  }
  if (path === '/metrics' && get) {
    const text = await deps.metricsText();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(text);
    return;
  }
  if (path === '/api/incidents' && get) {
    const status = url.searchParams.get('status');
    if (status !== null && status !== 'open' && status !== 'resolved') throw new HttpError(400, `"status" must be open or resolved`);
    const incidents = await listIncidents(deps.ops, { since: timeParam(url, 'since'), status: (status ?? undefined) as IncidentStatus | undefined, limit: intParam(url, 'limit', 1, 1000) });
    return sendJson(res, 200, { incidents });
  }
  const incidentMatch = /^\/api\/incidents\/([^/]+)$/.exec(path);
  if (incidentMatch && get) {
    const r = await getIncident(deps.ops, decodeURIComponent(incidentMatch[1]!));
    return r.ok ? sendJson(res, 200, r.value) : sendJson(res, opsStatus(r.error), { error: r.error });
  }
  if (path === '/api/services' && get) return sendJson(res, 200, { services: await listServices(deps.ops) });
  if (path === '/api/graph' && get) {
    const r = await serviceGraph(deps.ops, { service: url.searchParams.get('service') || undefined, depth: intParam(url, 'depth', 0, 10), from: timeParam(url, 'from'), to: timeParam(url, 'to') });
    return r.ok ? sendJson(res, 200, r.value) : sendJson(res, opsStatus(r.error), { error: r.error });
  }
  const picture = /^\/api\/graph\.(svg|png)$/.exec(path);
  if (picture && get) {
    const id = url.searchParams.get('incident');
    if (!id) throw new HttpError(400, '"incident" is required');
    const r = await incidentPicture(deps.ops, id, picture[1] as 'svg' | 'png');
    if (!r.ok) return sendJson(res, opsStatus(r.error), { error: r.error });
    const body = typeof r.value.body === 'string' ? Buffer.from(r.value.body, 'utf8') : Buffer.from(r.value.body);
    res.writeHead(200, { 'content-type': r.value.format === 'svg' ? 'image/svg+xml; charset=utf-8' : 'image/png', 'content-length': body.length, 'cache-control': 'no-store' });
    res.end(method === 'HEAD' ? undefined : body);
    return;
  }
  if (path === '/api/features' && get) {
    const service = url.searchParams.get('service');
    if (!service) throw new HttpError(400, '"service" is required');
    const resolution = url.searchParams.get('resolution') ?? '1m';
    if (!(RESOLUTIONS as readonly string[]).includes(resolution)) throw new HttpError(400, `"resolution" must be one of ${RESOLUTIONS.join(', ')}`);
    const r = await queryFeatures(deps.ops, { service, operation: url.searchParams.get('operation') ?? undefined, from: timeParam(url, 'from'), to: timeParam(url, 'to'), resolution: resolution as (typeof RESOLUTIONS)[number] });
    return r.ok ? sendJson(res, 200, r.value) : sendJson(res, opsStatus(r.error), { error: r.error });
  }
  if (path === '/api/rca' && method === 'POST') {
    const parsed = rcaBody.safeParse(await readJson(req));
    if (!parsed.success) throw new HttpError(400, `invalid body: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
    const at = parsed.data.at === undefined ? undefined : Date.parse(parsed.data.at);
    if (at !== undefined && !Number.isFinite(at)) throw new HttpError(400, '"at" must be an ISO time');
    const windowMs = parsed.data.window === undefined ? undefined : parseDuration(parsed.data.window);
    if (windowMs === null) throw new HttpError(400, '"window" must be a duration like 30m');
    const r = await runRca(deps.ops, { service: parsed.data.service, at, windowMs });
    return r.ok ? sendJson(res, 200, r.value) : sendJson(res, opsStatus(r.error), { error: r.error });
  }
  if (deps.actions && path.startsWith('/api/actions') && (await routeActions(req, res, url, deps.actions))) return;
  throw new HttpError(404, `no route for ${method} ${path}`);
}
