/** `aiops mcp`: the MCP server on stdin/stdout until the client closes the stream. Logs go to stderr only. */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { McpCaller } from './caller.js';
import { createMcpServer, type McpServerDeps } from './mcp-server.js';

export async function serveMcpStdio(deps: McpServerDeps, caller: McpCaller, streams: { stdin?: NodeJS.ReadableStream; stdout?: NodeJS.WritableStream } = {}): Promise<void> {
  const server = createMcpServer(deps, caller);
  const transport = new StdioServerTransport(streams.stdin as never, streams.stdout as never);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  const stdin = streams.stdin ?? process.stdin;
  stdin.once('end', () => void server.close());
  await server.connect(transport);
  await closed;
}
