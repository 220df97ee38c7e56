/** The HTTP API of INTERFACES.md over the ops/ use cases: the route table (roles per route) and its handlers. */
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
import type { ActionsDeps } from '../ops/actions.js';
import { HttpError, intParam, parseBody, pathId, sendJson, timeParam } from './http-kit.js';
import { actionRoutes } from './action-routes.js';
import type { ApiRoute } from './router.js';

export interface ApiDeps {
  ops: OpsContext;
  metricsText: () => Promise<string>;
  ready: () => Promise<boolean>;
  /** Remediation use cases; absent: /api/actions answers 404. */
  actions?: ActionsDeps;
  /** The Slack app's signed endpoint (Events API, slash commands, interactivity); absent: 404. */
  slack?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** More routes behind the same Host, credential and role checks (`/mcp`, `/api/alerts/alertmanager`). */
  routes?: readonly ApiRoute[];
}

const RESOLUTIONS = ['1m', '5m', '15m', '1h'] as const;
const rcaBody = z.object({ service: z.string().min(1).max(256), at: z.string().max(64).optional(), window: z.string().max(32).optional() });

function opsStatus(e: OpsError): number {
  return e.code === 'NOT_FOUND' || e.code === 'UNKNOWN_SERVICE' ? 404 : 400;
}

function required(query: URLSearchParams, name: string): string {
  const v = query.get(name);
  if (!v) throw new HttpError(400, `"${name}" is required`);
  return v;
}

export function coreRoutes(deps: ApiDeps): ApiRoute[] {
  const ops = deps.ops;
  const routes: ApiRoute[] = [
    { method: 'GET', path: '/healthz', access: 'public', handler: async ({ res }) => sendJson(res, 200, { status: 'ok' }) },
    {
      method: 'GET', path: '/readyz', access: 'public',
      handler: async ({ res }) => {
        const ready = await deps.ready().catch(() => false);
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ok' : 'unavailable' });
      },
    },
    {
      method: 'GET', path: '/metrics', access: 'metrics',
      handler: async ({ res }) => {
        const text = await deps.metricsText();
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(text);
      },
    },
    {
      method: 'GET', path: '/api/incidents', access: 'read',
      handler: async ({ res, query }) => {
        const status = query.get('status');
        if (status !== null && status !== 'open' && status !== 'resolved') throw new HttpError(400, '"status" must be open or resolved');
        const incidents = await listIncidents(ops, { since: timeParam(query, 'since'), status: (status ?? undefined) as IncidentStatus | undefined, limit: intParam(query, 'limit', 1, 1000) });
        sendJson(res, 200, { incidents });
      },
    },
    {
      method: 'GET', path: '/api/incidents/:id', access: 'read',
      handler: async ({ res, params }) => {
        const r = await getIncident(ops, pathId(params, 'id'));
        return r.ok ? sendJson(res, 200, r.value) : sendJson(res, opsStatus(r.error), { error: r.error });
      },
    },
    { method: 'GET', path: '/api/services', access: 'read', handler: async ({ res }) => sendJson(res, 200, { services: await listServices(ops) }) },
    {
      method: 'GET', path: '/api/graph', access: 'read',
      handler: async ({ res, query }) => {
        const r = await serviceGraph(ops, { service: query.get('service') || undefined, depth: intParam(query, 'depth', 0, 10), from: timeParam(query, 'from'), to: timeParam(query, 'to') });
        return r.ok ? sendJson(res, 200, r.value) : sendJson(res, opsStatus(r.error), { error: r.error });
      },
    },
    ...(['svg', 'png'] as const).map((format): ApiRoute => ({
      method: 'GET', path: `/api/graph.${format}`, access: 'read',
      handler: async ({ req, res, query }) => {
        const r = await incidentPicture(ops, required(query, 'incident'), format);
        if (!r.ok) return sendJson(res, opsStatus(r.error), { error: r.error });
        const body = typeof r.value.body === 'string' ? Buffer.from(r.value.body, 'utf8') : Buffer.from(r.value.body);
        res.writeHead(200, { 'content-type': format === 'svg' ? 'image/svg+xml; charset=utf-8' : 'image/png', 'content-length': body.length, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
    })),
    {
      method: 'GET', path: '/api/features', access: 'read',
      handler: async ({ res, query }) => {
        const service = required(query, 'service');
        const resolution = query.get('resolution') ?? '1m';
        if (!(RESOLUTIONS as readonly string[]).includes(resolution)) throw new HttpError(400, `"resolution" must be one of ${RESOLUTIONS.join(', ')}`);
        const r = await queryFeatures(ops, { service, operation: query.get('operation') ?? undefined, from: timeParam(query, 'from'), to: timeParam(query, 'to'), resolution: resolution as (typeof RESOLUTIONS)[number] });
        return r.ok ? sendJson(res, 200, r.value) : sendJson(res, opsStatus(r.error), { error: r.error });
      },
    },
    {
      // A computation over stored data, nothing changes: `read` suffices.
      method: 'POST', path: '/api/rca', access: 'read',
      handler: async ({ req, res }) => {
        const b = await parseBody(req, rcaBody);
        const at = b.at === undefined ? undefined : Date.parse(b.at);
        if (at !== undefined && !(Number.isFinite(at) && at >= 0)) throw new HttpError(400, '"at" must be an ISO time');
        const windowMs = b.window === undefined ? undefined : parseDuration(b.window);
        if (windowMs === null) throw new HttpError(400, '"window" must be a duration like 30m');
        const r = await runRca(ops, { service: b.service, at, windowMs });
        return r.ok ? sendJson(res, 200, r.value) : sendJson(res, opsStatus(r.error), { error: r.error });
      },
    },
  ];
  // Slack verifies its signature over the raw body, so its handler reads the request itself.
  const slack = deps.slack;
  if (slack) routes.push({ method: 'POST', path: '/slack/events', access: 'signed', handler: ({ req, res }) => slack(req, res) });
  if (deps.actions) routes.push(...actionRoutes(deps.actions));
  return routes;
}
