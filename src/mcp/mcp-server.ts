/**
 * One MCP server over the agent's tools, for any transport (stdio, streamable HTTP). It validates input with the
 * tool's own zod schema, answers `structuredContent` (the `ToolResult`) plus the same JSON as text, marks failures
 * `isError`, enforces the caller's role and audits every call with the caller's identity.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { ActionsPort, AnyTool, ToolContext, ToolResult } from '../core/index.js';
import { redact } from '../obs/logger.js';
import type { McpCaller } from './caller.js';
import { toMcpTool } from './tool-schemas.js';

export interface McpAuditEntry {
  caller: string;
  transport: McpCaller['transport'];
  tool: string;
  status: ToolResult['status'] | 'refused' | 'invalid' | 'unknown';
  ms: number;
}

export interface McpServerDeps {
  tools: readonly AnyTool[];
  ctx: ToolContext;
  /** Every call, whatever its outcome (a log line and a metric in the app). */
  audit(entry: McpAuditEntry): void;
  version: string;
  /** Caps the text content of a result (structuredContent keeps the whole result). */
  maxTextChars?: number;
}

/** The role a tool needs: proposing a change is a separate grant from reading. */
export function roleFor(tool: AnyTool): 'read' | 'propose' {
  return tool.needsApproval ? 'propose' : 'read';
}

/** Proposals name the MCP caller, so the action's own audit trail says who asked. */
function actionsAs(caller: McpCaller, actions: ActionsPort): ActionsPort {
  return { propose: (p) => actions.propose({ ...p, requestedBy: `mcp:${caller.identity}` }), status: (id) => actions.status(id) };
}

function answer(result: ToolResult, maxText: number, isError: boolean): CallToolResult {
  const text = JSON.stringify(result);
  return {
    structuredContent: result as unknown as Record<string, unknown>,
    content: [{ type: 'text', text: text.length > maxText ? `${text.slice(0, maxText)}… [truncated: ${text.length} characters; the full result is in structuredContent]` : text }],
    ...(isError ? { isError: true } : {}),
  };
}

export function createMcpServer(deps: McpServerDeps, caller: McpCaller): Server {
  const server = new Server({ name: 'otlp-aiops', version: deps.version }, { capabilities: { tools: {} }, instructions: 'Observability tools over OpenTelemetry data: incidents, root causes, service graph, features, guarded SQL/PromQL. propose_action only files a proposal that people approve in Slack, the CLI or the API.' });
  const defs = deps.tools.map(toMcpTool);
  const ctx: ToolContext = { ...deps.ctx, actions: actionsAs(caller, deps.ctx.actions) };
  const maxText = deps.maxTextChars ?? 20_000;

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: defs }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => {
    const started = Date.now();
    const name = req.params.name;
    const audit = (status: McpAuditEntry['status']) => deps.audit({ caller: caller.identity, transport: caller.transport, tool: name, status, ms: Date.now() - started });
    const tool = deps.tools.find((t) => t.name === name);
    if (!tool) {
      audit('unknown');
      return answer({ status: 'error', error: `There is no tool "${name}". Available: ${deps.tools.map((t) => t.name).join(', ')}.` }, maxText, true);
    }
    if (!caller.roles.includes(roleFor(tool))) {
      audit('refused');
      return answer({ status: 'error', error: `Refused: ${name} needs the "${roleFor(tool)}" role; ${caller.identity} has ${caller.roles.join(', ') || 'none'}.` }, maxText, true);
    }
    const parsed = tool.input.safeParse(req.params.arguments ?? {});
    if (!parsed.success) {
      audit('invalid');
      const issues = parsed.error.issues.map((i: z.core.$ZodIssue) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ');
      return answer({ status: 'error', error: `Invalid arguments for ${name}: ${issues}` }, maxText, true);
    }
    let result: ToolResult;
    try {
      result = await tool.run(ctx, parsed.data);
    } catch (e) {
      result = { status: 'error', error: `${name} failed unexpectedly: ${redact(e instanceof Error ? e.message : String(e))}` };
    }
    audit(result.status);
    return answer(result, maxText, result.status === 'error');
  });
  return server;
}
