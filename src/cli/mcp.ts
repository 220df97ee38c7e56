/** `aiops mcp`: the agent's tools as an MCP server over stdio (for Claude Desktop, IDEs, any MCP client). */
import { userInfo } from 'node:os';
import { createMcpAudit } from '../mcp/mcp-audit.js';
import { createLogger } from '../obs/logger.js';
import { stdioCaller } from '../mcp/caller.js';
import { serveMcpStdio } from '../mcp/stdio.js';
import { agentFor } from './agent-for.js';
import { openActionsDeps } from './actions-deps.js';
import { UsageError, type Command } from './io.js';
import { withApp } from './with-app.js';

export const mcp: Command = async (argv, io) => {
  if (argv.length) throw new UsageError('usage: aiops mcp (speaks MCP on stdin/stdout; no arguments)');
  await withApp(io, async (app) => {
    // Proposals go through the same approval path as the API: a person decides in Slack, the CLI or the API.
    const acts = await openActionsDeps(app);
    try {
      const agent = agentFor(app, acts.deps);
      const audit = createMcpAudit(app.metrics.registry, createLogger({ level: 'info' })) // the audit trail, on stderr;
      await serveMcpStdio({ tools: agent.tools, ctx: agent.ctx, audit: (e) => audit.record(e), version: '0.1.0' }, stdioCaller(io.env.USER ?? safeUser()));
    } finally {
      await acts.close();
    }
  });
  return 0;
};

function safeUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}
