/**
 * Routes other modules add to the API, behind its Host, credential and role checks (src/api/README.md):
 * `/mcp` (the MCP streamable HTTP transport; `read` to connect, `propose` checked per tool) and
 * `POST /api/alerts/alertmanager` (`propose`: alerts open and change incidents).
 */
import type { ApiServer } from './api/api-server.js';
import type { AgentDeps } from './agent/index.js';
import type { Logger } from './obs/logger.js';
import type { AiopsMetrics } from './obs/metrics.js';
import type { AlertsPart } from './app-alerts.js';
import { createMcpRequestHandler } from './mcp/http-handler.js';
import { createMcpAudit } from './mcp/mcp-audit.js';

export function mountIntegrations(api: Pick<ApiServer, 'mount'>, deps: { alerts: AlertsPart; agent: AgentDeps | undefined; metrics: AiopsMetrics; logger: Logger; version: string }): void {
  api.mount({ method: 'POST', path: '/api/alerts/alertmanager', access: 'propose', handler: ({ req, res }) => deps.alerts.webhook(req, res) });
  if (!deps.agent) return;
  const audit = createMcpAudit(deps.metrics.registry, deps.logger);
  const mcp = createMcpRequestHandler({ tools: deps.agent.tools, ctx: deps.agent.ctx, audit: (e) => audit.record(e), version: deps.version });
  api.mount({
    method: ['GET', 'POST', 'DELETE'],
    path: '/mcp',
    access: 'read',
    handler: ({ req, res, principal }) => mcp(req, res, { identity: principal!.identity, roles: [...principal!.roles] }),
  });
}
