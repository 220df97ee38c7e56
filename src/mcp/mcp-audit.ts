/** The MCP audit trail: one structured log line per call naming the caller, and a counter for /metrics. */
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../obs/logger.js';
import type { McpAuditEntry } from './mcp-server.js';

export interface McpAudit {
  record(entry: McpAuditEntry): void;
  unauthenticated(): void;
}

function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]): Counter<L> {
  const existing = registry.getSingleMetric(name);
  return (existing as Counter<L> | undefined) ?? new Counter({ name, help, labelNames, registers: [registry] });
}

export function createMcpAudit(registry: Registry, logger: Logger): McpAudit {
  const calls = counter(registry, 'aiops_mcp_tool_calls_total', 'MCP tool calls by tool, transport and outcome', ['tool', 'transport', 'status']);
  const refused = counter(registry, 'aiops_mcp_unauthenticated_total', 'MCP HTTP requests refused for a missing or unknown token', []);
  const log = logger.child({ component: 'mcp' });
  return {
    record(e) {
      calls.inc({ tool: e.tool, transport: e.transport, status: e.status });
      log.info('audit: mcp tool call', { caller: e.caller, transport: e.transport, tool: e.tool, status: e.status, ms: e.ms });
    },
    unauthenticated() {
      refused.inc();
      log.warn('audit: mcp request refused (no valid bearer token)');
    },
  };
}
