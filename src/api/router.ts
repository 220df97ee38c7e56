/**
 * The API's route table on find-my-way (the router fastify uses). Each route names the role it needs; the
 * server (api-server.ts) checks Host, credential and role before a handler runs, the same for every route,
 * including the ones other modules mount (`/mcp`, `/api/alerts/alertmanager`: see README.md).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import FindMyWay from 'find-my-way';
import type { Principal, Role } from './principal.js';

/**
 * - `public`: no credential, no Host check (liveness and readiness probes use the pod IP as Host);
 * - `signed`: no bearer credential; the handler verifies its own signature (Slack);
 * - `metrics`: `read`, or no credential when AIOPS_METRICS_PUBLIC=true;
 * - a role: a credential holding it.
 */
export type Access = 'public' | 'signed' | 'metrics' | Role;

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Path parameters, percent-decoded by the router (a malformed encoding never reaches a handler). */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** null on `public` and `signed` routes (and `metrics` when public). */
  principal: Principal | null;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRoute {
  method: HttpMethod | readonly HttpMethod[];
  /** find-my-way syntax: `/api/actions/:id/approve`. */
  path: string;
  access: Access;
  handler(ctx: RouteContext): Promise<void>;
}

export type RouteMatch = { kind: 'route'; route: ApiRoute; params: Record<string, string> } | { kind: 'bad-url' } | { kind: 'none' };

export interface ApiRouter {
  add(route: ApiRoute): void;
  match(method: string, path: string): RouteMatch;
}


export function createApiRouter(): ApiRouter {
  const fmw = FindMyWay({ ignoreTrailingSlash: false, maxParamLength: 512, onBadUrl: () => undefined });
  return {
    add(route) {
      const methods = typeof route.method === 'string' ? [route.method] : [...route.method];
      // A GET route answers HEAD too (the server sends no body for HEAD).
      if (methods.includes('GET')) methods.push('HEAD' as HttpMethod);
      fmw.on(methods, route.path, () => undefined, route);
    },
    match(method, path) {
      const found = fmw.find(method as 'GET', path);
      if (!found) return { kind: 'none' };
      if (found.store === null) return { kind: 'bad-url' };
      return { kind: 'route', route: found.store as ApiRoute, params: { ...found.params } as Record<string, string> };
    },
  };
}
