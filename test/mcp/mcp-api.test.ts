/**
 * /mcp and the Alertmanager webhook mounted on the real API server (aiops serve's wiring): the API's own bearer
 * tokens (AIOPS_API_TOKENS_FILE) decide; without a token both are refused.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/obs/logger.js';

const TOKEN = 'oncall-token-abcdef0123456789';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

let app: App;
let dir: string;
let base: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aiops-mcp-api-'));
  const tokens = join(dir, 'tokens.json');
  writeFileSync(tokens, JSON.stringify([{ id: 'oncall', sha256: sha(TOKEN), identity: 'U_ONCALL', roles: ['read', 'propose'] }]));
  const config = loadConfig({ AIOPS_DATA_DIR: 'memory://', AIOPS_OTLP_PORT: '0', AIOPS_OTLP_GRPC_PORT: '0', AIOPS_HTTP_PORT: '0', AIOPS_API_TOKENS_FILE: tokens, AIOPS_LOG_LEVEL: 'error' });
  app = await createApp(config, { logger: silentLogger });
  await app.start();
  base = `http://127.0.0.1:${app.ports().http}`;
}, 60_000);
afterAll(async () => {
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('/mcp on the API port', () => {
  it('is refused without a token', async () => {
    const client = new Client({ name: 't', version: '1' });
    await expect(client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)))).rejects.toThrow(/UNAUTHENTICATED|credential is required/);
    const raw = await fetch(`${base}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    expect(raw.status).toBe(401);
  });

  it('lists the tools and calls list_incidents with a token', async () => {
    const client = new Client({ name: 't', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } } }));
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('run_rca');
      const r = (await client.callTool({ name: 'list_incidents', arguments: {} })) as { structuredContent?: { status: string } };
      expect(r.structuredContent?.status).toBe('no_data');
    } finally {
      await client.close();
    }
  });
});

describe('POST /api/alerts/alertmanager on the API port', () => {
  const body = { version: '4', status: 'firing', groupKey: 'g', alerts: [{ status: 'firing', labels: { alertname: 'Down', service: 'billing' }, annotations: {}, startsAt: '2026-12-01T10:00:00Z', endsAt: '0001-01-01T00:00:00Z', fingerprint: 'f1' }] };
  const post = (b: unknown, token?: string) => fetch(`${base}/api/alerts/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(b) });

  it('is refused without a token and opens an alert incident with one', async () => {
    expect((await post(body)).status).toBe(401);
    const r = await post(body, TOKEN);
    expect(r.status).toBe(200);
    const summary = (await r.json()) as { new: number; incidents: Record<string, string> };
    expect(summary.new).toBe(1);
    const inc = await app.stores.incidents.get(summary.incidents.f1!);
    expect(inc).toMatchObject({ kind: 'alert', status: 'open', services: ['billing'], alerts: [{ fingerprint: 'f1', alertname: 'Down', status: 'firing', notifications: 1, mappedBy: 'service' }] });
    expect(inc!.rootCauses[0]).toMatchObject({ service: 'billing', indicator: 'alert' });
  });

  it('answers 400 to a body that is not payload version 4', async () => {
    const r = await post({ ...body, version: '3' }, TOKEN);
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/version/);
  });
});
