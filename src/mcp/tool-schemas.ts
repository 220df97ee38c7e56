/**
 * The agent's tools (tools/, the one source of truth) as MCP tool definitions: name, description, JSON Schema
 * of the zod input and of the result envelope, and annotations that say honestly what a call can change.
 */
import { z } from 'zod';
import type { AnyTool } from '../core/index.js';

export interface McpToolDef {
  name: string;
  title: string;
  description: string;
  inputSchema: { type: 'object'; [k: string]: unknown };
  outputSchema: { type: 'object'; [k: string]: unknown };
  annotations: { title: string; readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };
}

/** Every tool answers a `ToolResult`; `data` is typed by the tool's own output schema when it has one. */
export function resultSchema(tool: AnyTool): z.ZodObject {
  return z.object({
    status: z.enum(['ok', 'no_data', 'error', 'approval_required']),
    data: (tool.output ?? z.unknown()).optional(),
    error: z.string().optional(),
    query: z.string().optional().describe('the SQL/PromQL/search text actually run'),
  });
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): { type: 'object'; [k: string]: unknown } {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...rest, type: 'object' };
}

const titleOf = (name: string): string => name.split('_').map((w, i) => (i === 0 ? w[0]!.toUpperCase() + w.slice(1) : w)).join(' ');

export function toMcpTool(tool: AnyTool): McpToolDef {
  const title = titleOf(tool.name);
  // A needsApproval tool (propose_action) writes a proposal record, so it is not read-only; it is not destructive
  // either: nothing runs until a person approves it in Slack, the CLI or the API.
  const readOnly = !tool.needsApproval;
  return {
    name: tool.name,
    title,
    description: tool.needsApproval ? `${tool.description} The proposal waits for a human approver; this server cannot approve it.` : tool.description,
    inputSchema: jsonSchema(tool.input, 'input'),
    outputSchema: jsonSchema(resultSchema(tool), 'output'),
    annotations: {
      title,
      readOnlyHint: readOnly,
      destructiveHint: false,
      idempotentHint: readOnly,
      // query_promql reaches a Prometheus outside this process; every other tool reads our own stores.
      openWorldHint: tool.name === 'query_promql',
    },
  };
}
