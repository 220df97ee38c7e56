/**
 * The HTTP API server (AIOPS_HTTP_PORT). Every request goes through the same gate before a handler runs:
 * Host allow-list (DNS rebinding) → route lookup (find-my-way; a malformed URL is 400) → credential (401 with
 * `WWW-Authenticate: Bearer`) → role (403). Refusals are logged as audit lines and counted.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyServerLimits, type ConnectionGate, type ServerLimits } from '../ingest/server-limits.js';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../obs/logger.js';
import { createAuthenticator, type ApiAuthConfig } from './authenticate.js';
import { assertNotExposed, hostAllowList } from './exposure.js';
import { checkQuery, HttpError, sendJson } from './http-kit.js';
import type { Principal } from './principal.js';
import { createApiRouter, type ApiRoute } from './router.js';
import { coreRoutes, type ApiDeps } from './routes.js';

export interface ApiServer {
  /** Adds a route behind the same gate (call before start); see README.md. */
  mount(route: ApiRoute): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  port(): number;
}

export interface ApiServerConfig {
  host: string;
  port: number;
  /** Authentication and exposure settings (Config['api']); absent: no authentication (loopback only). */
  api?: ApiAuthConfig & { insecure?: boolean; metricsPublic?: boolean; allowedHosts?: string[] };
  /** Request, header and idle timeouts and the connection cap (defaults in src/ingest/server-limits.ts). */
  limits?: Partial<ServerLimits>;
}

const CODES: Record<number, string> = { 400: 'BAD_REQUEST', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 413: 'TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 421: 'MISDIRECTED' };

/** Throws CONFIG.INVALID (exit 2) when it would listen beyond loopback unauthenticated, or a key file is bad. */
export function createApiServer(cfg: ApiServerConfig, deps: ApiDeps & { logger: Logger; registry?: Registry }): ApiServer {
  assertNotExposed(cfg.host, cfg.api);
  const auth = createAuthenticator(cfg.api);
  const hostAllowed = hostAllowList(cfg.host, cfg.api?.allowedHosts);
  const router = createApiRouter();
  for (const r of [...coreRoutes(deps), ...(deps.routes ?? [])]) router.add(r);
  const refusedTotal = deps.registry
    ? new Counter({ name: 'aiops_api_refused_total', help: 'API requests refused before a handler ran, by status (401, 403, 421)', labelNames: ['status'], registers: [deps.registry] })
    : undefined;
  if (!auth.configured) deps.logger.warn('HTTP API without authentication: callers may read, nobody may propose or decide (set AIOPS_API_TOKENS_FILE)', { host: cfg.host });
  let server: Server | undefined;
  let connections: ConnectionGate | undefined;

  const refuse = (req: IncomingMessage, res: ServerResponse, status: number, message: string, audit: { reason: string; principal?: Principal }, headers: Record<string, string> = {}) => {
    refusedTotal?.inc({ status: String(status) });
    deps.logger.warn('api request refused', { status, method: req.method, path: (req.url ?? '').split('?')[0]!.slice(0, 200), reason: audit.reason, credential: audit.principal?.credential, identity: audit.principal?.identity, remote: req.socket.remoteAddress });
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    sendJson(res, status, { error: { code: CODES[status], message } });
  };

  async function gate(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const path = q < 0 ? raw : raw.slice(0, q);
    const match = router.match(method, path);
    if (match.kind === 'bad-url') throw new HttpError(400, 'malformed percent-encoding in the path');
    const route = match.kind === 'route' ? match.route : undefined;
    if (route?.access !== 'public' && route?.access !== 'signed' && !hostAllowed(req.headers.host)) {
      return refuse(req, res, 421, `this API does not answer to Host "${String(req.headers.host ?? '').slice(0, 100)}" (AIOPS_ALLOWED_HOSTS)`, { reason: 'host not allowed' });
    }
    if (!route) throw new HttpError(404, `no route for ${method} ${path.slice(0, 200)}`);
    const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
    let principal: Principal | null = null;
    const open = route.access === 'public' || route.access === 'signed' || (route.access === 'metrics' && cfg.api?.metricsPublic);
    if (!open) {
      const r = await auth.authenticate(req.headers.authorization);
      if (!r.ok) {
        const challenge = r.missing ? 'Bearer realm="otlp-aiops"' : 'Bearer realm="otlp-aiops", error="invalid_token"';
        return refuse(req, res, 401, r.missing ? 'a credential is required: Authorization: Bearer <token>' : 'the credential was not accepted', { reason: r.reason }, { 'www-authenticate': challenge });
      }
      const role = route.access === 'metrics' ? 'read' : route.access;
      if (!r.principal.roles.has(role as 'read')) return refuse(req, res, 403, `credential "${r.principal.credential}" lacks the "${role}" role`, { reason: `missing role ${role}`, principal: r.principal });
      principal = r.principal;
    }
    checkQuery(query);
    await route.handler({ req, res, params: match.kind === 'route' ? match.params : {}, query, principal });
  }

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (connections?.overCap()) {
      // Over the connection cap: an answer the client can act on, then the connection goes (server-limits.ts).
      req.resume();
      res.setHeader('retry-after', '1');
      res.setHeader('connection', 'close');
      return sendJson(res, 503, { error: { code: 'UNAVAILABLE', message: 'too many open connections, retry later' } });
    }
    gate(req, res).catch((e: unknown) => {
      if (e instanceof HttpError && !res.headersSent) return sendJson(res, e.status, { error: { code: CODES[e.status] ?? 'BAD_REQUEST', message: e.message } });
      deps.logger.error('api request failed', { error: e, path: (req.url ?? '').split('?')[0] });
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL', message: 'internal error (see server log)' } });
      else res.end();
    });
  };
  return {
    mount(route) {
      if (server) throw new Error('mount routes before start()');
      router.add(route);
    },
    async start() {
      // Request, header and idle timeouts and a connection cap: a slow or silent client cannot hold sockets forever.
      server = createServer(applyServerLimits.options(cfg.limits), handle);
      connections = applyServerLimits(server, cfg.limits);
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(cfg.port, cfg.host, () => resolve());
      });
    },
    async stop() {
      if (!server) return;
      const s = server;
      server = undefined;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeIdleConnections();
      });
    },
    port() {
      return (server?.address() as AddressInfo | null)?.port ?? cfg.port;
    },
  };
}
