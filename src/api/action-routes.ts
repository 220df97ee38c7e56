/**
 * `/api/actions`: list, propose, approve and reject remediations through the ops/ use cases. The proposer and
 * the decider are the authenticated identity (RouteContext.principal), never a body field: a body that still
 * carries `user`, `proposedBy` or `confidence`… is refused as unknown, so an old client learns it at once.
 */
import { z } from 'zod';
import type { ActionStatus } from '../core/index.js';
import { ACTION_TYPES } from '../decision/engine/action-type.js';
import { decideAction, listActions, proposeAction, type ActionsDeps } from '../ops/actions.js';
import type { OpsError } from '../ops/context.js';
import { HttpError, intParam, parseBody, pathId, sendJson } from './http-kit.js';
import type { ApiRoute, RouteContext } from './router.js';

const STATUSES: readonly ActionStatus[] = ['proposed', 'approved', 'rejected', 'expired', 'running', 'succeeded', 'failed', 'compensated'];

const proposeBody = z.strictObject({
  incidentId: z.string().min(1).max(256),
  type: z.enum(ACTION_TYPES),
  target: z.strictObject({ service: z.string().min(1).max(253), namespace: z.string().min(1).max(63).optional(), kind: z.enum(['Deployment', 'StatefulSet']).optional() }),
  params: z.record(z.string(), z.unknown()).optional(),
  // Accepted for compatibility and capped at the engine's own confidence (ops/propose-action.ts).
  confidence: z.number().min(0).max(1).optional(),
  reason: z.string().max(2000).optional(),
});
const decideBody = z.strictObject({ reason: z.string().max(2000).optional() });

const statusOf = (e: OpsError): number => ({ NOT_FOUND: 404, FORBIDDEN: 403, CONFLICT: 409 } as Record<string, number>)[e.code] ?? 400;

function identityOf(ctx: RouteContext): string {
  if (!ctx.principal) throw new HttpError(401, 'a credential is required');
  return ctx.principal.identity;
}

function decide(deps: ActionsDeps, decision: 'approve' | 'reject'): ApiRoute {
  return {
    method: 'POST', path: `/api/actions/:id/${decision}`, access: 'decide',
    async handler(ctx) {
      const id = pathId(ctx.params, 'id');
      const b = await parseBody(ctx.req, decideBody);
      const r = await decideAction(deps, { actionId: id, decision, user: identityOf(ctx), reason: b.reason, via: 'api' });
      if (r.ok) return sendJson(ctx.res, 200, r.value);
      const { current, ...error } = r.error;
      sendJson(ctx.res, statusOf(r.error), current ? { error, action: current } : { error });
    },
  };
}

export function actionRoutes(deps: ActionsDeps): ApiRoute[] {
  return [
    {
      method: 'GET', path: '/api/actions', access: 'read',
      async handler({ res, query }) {
        const status = query.get('status');
        if (status !== null && !STATUSES.includes(status as ActionStatus)) throw new HttpError(400, `"status" must be one of ${STATUSES.join(', ')}`);
        const actions = await listActions(deps, { status: (status ?? undefined) as ActionStatus | undefined, incidentId: query.get('incidentId') ?? undefined, limit: intParam(query, 'limit', 1, 1000) });
        sendJson(res, 200, { actions });
      },
    },
    {
      method: 'POST', path: '/api/actions', access: 'propose',
      async handler(ctx) {
        const b = await parseBody(ctx.req, proposeBody);
        const r = await proposeAction(deps, { incidentId: b.incidentId, type: b.type, target: b.target, params: b.params, confidence: b.confidence, reason: b.reason ? [b.reason] : undefined, proposedBy: identityOf(ctx), origin: 'outside' });
        if (r.ok) sendJson(ctx.res, 200, r.value);
        else sendJson(ctx.res, statusOf(r.error), { error: r.error });
      },
    },
    {
      method: 'GET', path: '/api/actions/:id', access: 'read',
      async handler({ res, params }) {
        const id = pathId(params, 'id');
        const action = await deps.actions.get(id);
        if (action) sendJson(res, 200, action);
        else sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no action with id "${id}"` } });
      },
    },
    decide(deps, 'approve'),
    decide(deps, 'reject'),
  ];
}
