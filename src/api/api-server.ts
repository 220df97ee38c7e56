/** The HTTP API server (AIOPS_HTTP_PORT): routes, error mapping, lifecycle. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../obs/logger.js';
import { HttpError, sendJson } from './http-kit.js';
import { route, type ApiDeps } from './routes.js';

export interface ApiServer {
  start(): Promise<void>;
  stop(): Promise<void>;
  port(): number;
}

export function createApiServer(cfg: { host: string; port: number }, deps: ApiDeps & { logger: Logger }): ApiServer {
  let server: Server | undefined;
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res, deps).catch((e: unknown) => {
      if (e instanceof HttpError) return sendJson(res, e.status, { error: { code: 'BAD_REQUEST', message: e.message } });
      deps.logger.error('api request failed', { error: e, path: req.url });
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL', message: 'internal error (see server log)' } });
      else res.end();
    });
  };
  return {
    async start() {
      server = createServer(handle);
      server.keepAliveTimeout = 5_000;
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
