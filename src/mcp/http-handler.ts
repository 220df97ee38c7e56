/**
 * `/mcp` on the API port: the MCP streamable HTTP transport, stateless (a fresh server and transport per request,
 * so nothing is held between calls and any replica can answer). The caller must authenticate exactly as for the
 * API; without a valid bearer token the request is answered 401 before the MCP layer sees it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Logger } from '../obs/logger.js';
import type { Authenticate } from './bearer-auth.js';
import type { McpCaller } from './caller.js';
import { createMcpServer, type McpServerDeps } from './mcp-server.js';

export interface McpHttpDeps extends McpServerDeps {
  authenticate: Authenticate;
  logger: Logger;
  /** Counts refused requests (401) for /metrics. */
  onUnauthenticated?: () => void;
}

export type McpRequestHandler = (req: IncomingMessage, res: ServerResponse, caller: Omit<McpCaller, 'transport'>) => Promise<void>;

/**
 * The transport for a caller someone else authenticated: the API's router (src/api) mounts this on `/mcp` with
 * access `read` and passes its Principal's identity and roles; `propose_action` is then checked per tool.
 */
export function createMcpRequestHandler(deps: McpServerDeps): McpRequestHandler {
  return async (req, res, who) => {
    const server = createMcpServer(deps, { ...who, transport: 'http' });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  };
}

/** Stand-alone: checks the bearer token itself (tests, or a server without the API's router). */
export function createMcpHttpHandler(deps: McpHttpDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const handle = createMcpRequestHandler(deps);
  return async (req, res) => {
    const who = await deps.authenticate(req.headers.authorization);
    if (!who) {
      deps.onUnauthenticated?.();
      const body = JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'authentication required: send Authorization: Bearer <token>' }, id: null });
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="otlp-aiops"', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    await handle(req, res, who);
  };
}
