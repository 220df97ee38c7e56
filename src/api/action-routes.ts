/** `/api/actions`: list, propose, approve and reject remediations through the ops/ use cases. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ActionStatus } from '../core/index.js';
import { ACTION_TYPES } from '../decision/engine/action-type.js';
import { decideAction, listActions, proposeAction, type ActionsDeps } from '../ops/actions.js';
import type { OpsError } from '../ops/context.js';
import { HttpError, intParam, readJson, sendJson } from './http-kit.js';

const STATUSES: readonly ActionStatus[] = ['proposed', 'approved', 'rejected', 'expired', 'running', 'succeeded', 'failed', 'compensated'];

const proposeBody = z.object({
  incidentId: z.string().min(1),
  type: z.enum(ACTION_TYPES),
  target: z.object({ service: z.string().min(1), namespace: z.string().min(1).optional(), kind: z.enum(['Deployment', 'StatefulSet']).optional() }),
  params: z.record(z.string(), z.unknown()).optional(),
  confidence: z.number().min(0).max(1).optional(),
  proposedBy: z.string().min(1).optional(),
});
const decideBody = z.object({ user: z.string().min(1), reason: z.string().max(2000).optional() });

const statusOf = (e: OpsError): number => (e.code === 'NOT_FOUND' ? 404 : e.code === 'FORBIDDEN' ? 403 : 400);

async function body<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(await readJson(req));
  if (!parsed.success) throw new HttpError(400, `invalid body: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Handles `/api/actions…`; false for any other path so the caller's router goes on. */
export async function routeActions(req: IncomingMessage, res: ServerResponse, url: URL, deps: ActionsDeps): Promise<boolean> {
  const path = url.pathname;
  const method = req.method ?? 'GET';
  if (path === '/api/actions' && (method === 'GET' || method === 'HEAD')) {
    const status = url.searchParams.get('status');
    if (status !== null && !STATUSES.includes(status as ActionStatus)) throw new HttpError(400, `"status" must be one of ${STATUSES.join(', ')}`);
    const actions = await listActions(deps, { status: (status ?? undefined) as ActionStatus | undefined, incidentId: url.searchParams.get('incidentId') ?? undefined, limit: intParam(url, 'limit', 1, 1000) });
    sendJson(res, 200, { actions });
    return true;
  }
  if (path === '/api/actions' && method === 'POST') {
    const b = await body(req, proposeBody);
    const r = await proposeAction(deps, { ...b, proposedBy: b.proposedBy ?? 'api' });
    if (r.ok) sendJson(res, 200, r.value);
    else sendJson(res, statusOf(r.error), { error: r.error });
    return true;
  }
  const m = /^\/api\/actions\/([^/]+)(?:\/(approve|reject))?$/.exec(path);
  if (!m) return false;
  const id = decodeURIComponent(m[1]!);
  if (!m[2] && (method === 'GET' || method === 'HEAD')) {
    const action = await deps.actions.get(id);
    if (action) sendJson(res, 200, action);
    else sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no action with id "${id}"` } });
    return true;
  }
  if (!m[2] || method !== 'POST') return false;
  const b = await body(req, decideBody);
  const r = await decideAction(deps, { actionId: id, decision: m[2] as 'approve' | 'reject', user: b.user, reason: b.reason, via: 'api' });
  if (r.ok) sendJson(res, 200, r.value);
  else sendJson(res, statusOf(r.error), { error: r.error });
  return true;
}
