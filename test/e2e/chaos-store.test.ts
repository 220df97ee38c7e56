/**
 * Issue 12 (item 7), chaos: the PostgreSQL store goes away in the middle of ingest and comes back. Every span
 * the receiver accepted (HTTP 200) must end up in a stored window; a span refused while the store was away
 * (429/503) is the client's to resend, as OTLP says. Own PostgreSQL (stopped and restarted on the same data
 * directory and port), `aiops serve` as a child process, simulated traffic.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { TelemetryBatch } from '../../src/core/index.js';
import { createSimulation } from '../../src/sim/simulation.js';
import { sendBatch } from '../../src/sim/otlp-sender.js';
import { startEmbeddedPostgres } from '../../scripts/start-postgres.mjs';
import { TOKENS, writeTokensFile } from '../helpers/api-auth.js';
import { expectedRequests, freePort, killAllServes, startServe, stopServe } from '../helpers/serve-process.js';

const skipReason = inject('pgSkipReason');
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  killAllServes();
  for (const c of cleanups.reverse()) await c();
});

describe.skipIf(skipReason !== '')(skipReason ? `store chaos skipped: ${skipReason}` : 'PostgreSQL store goes away mid-ingest and comes back', () => {
  it('loses no accepted span', { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiops-chaos-'));
    const { chmodSync } = await import('node:fs');
    chmodSync(dir, 0o711); // the server user (as root: postgres) must reach its data directory
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const port = await freePort();
    const password = 'chaos-test-password';
    let server = await startEmbeddedPostgres({ port, dir: join(dir, 'data'), password });
    cleanups.push(() => server.stop());

    const env = { DATABASE_URL: server.url, AIOPS_OTLP_PORT: String(await freePort()), AIOPS_HTTP_PORT: String(await freePort()), AIOPS_LOG_LEVEL: 'error', NEO4J_URI: '', AIOPS_API_TOKENS_FILE: writeTokensFile([TOKENS.reader]) };
    const minutes = 24;
    const startMs = Math.floor(Date.now() / 60_000) * 60_000 - (minutes + 5) * 60_000;
    const sim = createSimulation({ seed: 7, startMs, services: 6 });
    const batches = Array.from({ length: minutes }, (_, i) => sim.minute(i));
    const endpoint = `http://127.0.0.1:${env.AIOPS_OTLP_PORT}`;
    const send = (b: TelemetryBatch) => sendBatch(endpoint, b, { maxRetries: 0, maxSpansPerRequest: 1_000_000 }).then((r) => r.status, () => 0);

    const child = await startServe(env);
    const accepted: TelemetryBatch[] = [];
    const statuses: number[] = [];
    const record = (b: TelemetryBatch, status: number) => {
      statuses.push(status);
      if (status === 200) accepted.push(b);
    };
    for (let i = 0; i < 8; i++) record(batches[i]!, await send(batches[i]!));
    await server.stop(); // the store goes away mid-ingest
    for (let i = 8; i < 16; i++) record(batches[i]!, await send(batches[i]!));
    server = await startEmbeddedPostgres({ port, dir: join(dir, 'data'), password });
    for (let i = 16; i < minutes; i++) record(batches[i]!, await send(batches[i]!));
    await stopServe(child, 'SIGTERM'); // graceful: drains the queue and closes every open window

    expect(statuses.every((s) => [200, 429, 503].includes(s)), `statuses ${statuses.join(',')}`).toBe(true);
    expect(accepted.length).toBeGreaterThanOrEqual(16); // before and after the outage at least

    const db = new pg.Client({ connectionString: server.url });
    await db.connect();
    const rows = await db.query<{ service: string; window_start: Date; requests: number }>(
      `select service, window_start, requests from feature_windows where resolution = '1m' and operation = ''`,
    );
    await db.end();
    const stored = new Map(rows.rows.map((r) => [`${r.service}@${new Date(r.window_start).getTime()}`, Number(r.requests)]));
    const expected = expectedRequests(accepted);
    const missing = [...expected].filter(([key, n]) => (stored.get(key) ?? 0) < n).map(([key, n]) => `${key}: ${stored.get(key) ?? 0}/${n}`);
    expect(missing, `accepted but not stored (${missing.length} of ${expected.size} windows)`).toEqual([]);
  });
});
