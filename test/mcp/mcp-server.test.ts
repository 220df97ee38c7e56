/**
 * The official MCP client (same SDK) against our server: over streamable HTTP with and without a bearer token,
 * and over stdio against the real `aiops mcp` process on a seeded embedded store.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerAuthenticator, sha256Hex } from '../../src/mcp/bearer-auth.js';
import { createMcpHttpHandler } from '../../src/mcp/http-handler.js';
import type { McpAuditEntry } from '../../src/mcp/mcp-server.js';
import { silentLogger } from '../../src/obs/logger.js';
import { openStores } from '../../src/stores/open-stores.js';
import { seedScenario } from '../../src/eval/nlq/seed-scenario.js';
import { openAgentFixture, type AgentFixture } from '../agent/agent-fixture.js';

const READER = 'reader-token-0001';
const PROPOSER = 'proposer-token-0002';
const TOOL_NAMES = ['get_action_status', 'get_incident', 'get_service_graph', 'list_incidents', 'list_services', 'propose_action', 'query_features', 'query_promql', 'query_sql', 'run_detector', 'run_rca', 'search_knowledge', 'summarize_thread'];

type CallResult = { isError?: boolean; structuredContent?: Record<string, unknown>; content: { type: string; text?: string }[] };

let f: AgentFixture;
let http: Server;
let url: URL;
const audit: McpAuditEntry[] = [];

beforeAll(async () => {
  f = await openAgentFixture();
  const agent = f.agent();
  const authenticate = bearerAuthenticator([
    { id: 'r', sha256: sha256Hex(READER), identity: 'U_READER', roles: ['read'] },
    { id: 'p', sha256: sha256Hex(PROPOSER), identity: 'U_ONCALL', roles: ['read', 'propose'] },
  ]);
  const handler = createMcpHttpHandler({ tools: agent.tools, ctx: agent.ctx, audit: (e) => audit.push(e), version: 'test', authenticate, logger: silentLogger });
  http = createServer((req, res) => void handler(req, res));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  url = new URL(`http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`);
});
afterAll(async () => {
  await new Promise<void>((r) => http?.close(() => r()));
  await f?.close();
});

async function httpClient(token?: string): Promise<Client> {
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: token ? { headers: { authorization: `Bearer ${token}` } } : {} }));
  return client;
}

describe('MCP over streamable HTTP', () => {
  it('refuses a client without a token, or with an unknown one', async () => {
    await expect(httpClient()).rejects.toThrow(/401|authentication required/i);
    await expect(httpClient('not-a-known-token')).rejects.toThrow(/401|authentication required/i);
    const raw = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    expect(raw.status).toBe(401);
    expect(raw.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('lists every tool with JSON Schemas and honest annotations', async () => {
    const client = await httpClient(READER);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(TOOL_NAMES);
      const byName = new Map(tools.map((t) => [t.name, t]));
      expect(byName.get('list_incidents')!.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
      expect(byName.get('propose_action')!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false });
      expect(byName.get('propose_action')!.description).toMatch(/human approver/);
      expect(byName.get('run_rca')!.inputSchema).toMatchObject({ type: 'object', required: ['service'], properties: { service: { type: 'string', minLength: 1 } } });
      expect(byName.get('run_rca')!.outputSchema).toMatchObject({ type: 'object', properties: { status: { enum: ['ok', 'no_data', 'error', 'approval_required'] } } });
    } finally {
      await client.close();
    }
  });

  it('calls list_incidents and run_rca: structuredContent plus the same JSON as text', async () => {
    const client = await httpClient(READER);
    try {
      const list = (await client.callTool({ name: 'list_incidents', arguments: { status: 'open' } })) as CallResult;
      expect(list.isError).toBeUndefined();
      expect(list.structuredContent).toMatchObject({ status: 'ok', data: [{ id: f.scenario.openIncidentId, status: 'open' }] });
      expect(JSON.parse(list.content[0]!.text!)).toEqual(list.structuredContent);

      const rca = (await client.callTool({ name: 'run_rca', arguments: { service: 'checkout', minutes: 30 } })) as CallResult;
      expect(rca.isError).toBeUndefined();
      const data = rca.structuredContent!.data as { rootCauses: { service: string }[] };
      expect(data.rootCauses[0]!.service).toBe(f.scenario.faulty);

      const bad = (await client.callTool({ name: 'run_rca', arguments: { minutes: 3 } })) as CallResult;
      expect(bad.isError).toBe(true);
      expect(bad.structuredContent).toMatchObject({ status: 'error' });
      expect(String(bad.structuredContent!.error)).toMatch(/service/);
    } finally {
      await client.close();
    }
  });

  it('propose_action needs the propose role, only proposes, and names the caller', async () => {
    const reader = await httpClient(READER);
    const args = { incidentId: f.scenario.openIncidentId, type: 'RESTART', service: f.scenario.faulty, reason: 'latency after deploy' };
    try {
      const refused = (await reader.callTool({ name: 'propose_action', arguments: args })) as CallResult;
      expect(refused.isError).toBe(true);
      expect(String(refused.structuredContent!.error)).toMatch(/needs the "propose" role/);
      expect(f.actions.proposals).toHaveLength(0);
    } finally {
      await reader.close();
    }
    const oncall = await httpClient(PROPOSER);
    try {
      const r = (await oncall.callTool({ name: 'propose_action', arguments: args })) as CallResult;
      expect(r.isError).toBeUndefined();
      expect(r.structuredContent).toMatchObject({ status: 'approval_required', data: { status: 'proposed', type: 'RESTART' } });
      expect(f.actions.proposals).toHaveLength(1);
      expect(f.actions.proposals[0]!.status).toBe('proposed');
      expect(JSON.stringify(f.actions.proposals[0])).toContain('mcp:U_ONCALL');
    } finally {
      await oncall.close();
    }
    expect(audit.filter((a) => a.tool === 'propose_action').map((a) => [a.caller, a.status])).toEqual([['U_READER', 'refused'], ['U_ONCALL', 'approval_required']]);
    expect(audit.every((a) => a.transport === 'http')).toBe(true);
  });
});

describe('MCP over stdio (aiops mcp)', () => {
  let dir: string;
  let incidentId: string;
  let faulty: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aiops-mcp-'));
    const stores = await openStores({ dataDir: dir });
    const s = await seedScenario(stores);
    incidentId = s.openIncidentId;
    faulty = s.faulty;
    await stores.close();
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the tools and calls list_incidents, run_rca and propose_action', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: ['bin/aiops.js', 'mcp'], env: { PATH: process.env.PATH ?? '', AIOPS_DATA_DIR: dir, AIOPS_LOG_LEVEL: 'warn', USER: 'alice' }, stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(transport);
    try {
      expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(TOOL_NAMES);
      const list = (await client.callTool({ name: 'list_incidents', arguments: { status: 'open' } })) as CallResult;
      expect(list.structuredContent).toMatchObject({ status: 'ok', data: [{ id: incidentId }] });
      const rca = (await client.callTool({ name: 'run_rca', arguments: { service: 'checkout' } })) as CallResult;
      expect((rca.structuredContent!.data as { rootCauses: { service: string }[] }).rootCauses[0]!.service).toBe(faulty);
      const p = (await client.callTool({ name: 'propose_action', arguments: { incidentId, type: 'RESTART', service: faulty, reason: 'stuck pool' } })) as CallResult;
      expect(p.structuredContent).toMatchObject({ status: 'approval_required', data: { status: 'proposed' } });
    } finally {
      await client.close();
    }
    expect(stderr).toContain('audit: mcp tool call');
    expect(stderr).toContain('local:alice');
  }, 90_000);
});
