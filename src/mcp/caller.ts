/** Who is calling the MCP server: the authenticated API identity over HTTP, the local user over stdio. */
export type McpRole = 'read' | 'propose' | 'decide';

export interface McpCaller {
  /** The identity audits and proposals name (the token's `identity`, or `local:<user>` over stdio). */
  identity: string;
  roles: readonly McpRole[];
  transport: 'stdio' | 'http';
}

/** Over stdio the caller is whoever started the process: they may read and propose; deciding stays with people elsewhere. */
export function stdioCaller(user: string | undefined): McpCaller {
  return { identity: `local:${user || 'unknown'}`, roles: ['read', 'propose'], transport: 'stdio' };
}
