// End to end: the simulator's telemetry with an injected fault, written to a real broker exactly as the Collector's
// kafka exporter writes it (otlp_proto, spans keyed by trace id with one message per trace, 3 partitions per topic),
// gives the same stored windows, incidents and root causes as the same run sent over OTLP/HTTP.
// Both paths see the same event-time progress: the Collector exports as telemetry arrives, so the producer writes
// minute i only once the consumer has read minute i-1, as the HTTP sender posts minute i after minute i-1 was
// answered. (A backlog read all at once is the crash-replay test's subject: kafka-crash-replay.test.ts.)
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import type { Incident, TelemetryBatch } from '../../src/core/index.js';
import { silentLogger } from '../../src/obs/logger.js';
import { createSimulation } from '../../src/sim/simulation.js';
import { sendBatch } from '../../src/sim/otlp-sender.js';
import { encodeLogs, encodeMetrics, resourceInfoOf } from '../../src/sim/otlp-encode.js';
import { brokers, createTopics, kafkaTitle, produceTracesByTraceId, testClient, uniqueTopics, testProducer } from './kafka-helpers.js';

const WARMUP = 60;
const FAULT = 15;
const MINUTES = WARMUP + FAULT + 12;
const startMs = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000 + 8 * 3_600_000;
const sim = createSimulation({ seed: 11, startMs, services: 10, ratePerMinute: 60, fault: { kind: 'latency', atMinute: WARMUP, durationMinutes: FAULT } });
const batches: TelemetryBatch[] = Array.from({ length: MINUTES }, (_, i) => sim.minute(i));
const apps: App[] = [];
afterAll(async () => {
  for (const a of apps.splice(0)) await a.stop().catch(() => undefined);
});

const BASE_ENV = { AIOPS_DATA_DIR: 'memory://', AIOPS_OTLP_PORT: '0', AIOPS_OTLP_GRPC_PORT: '0', AIOPS_HTTP_PORT: '0', AIOPS_LOG_LEVEL: 'error', AIOPS_ALLOWED_LATENESS: '3m', AIOPS_IDLE_FLUSH: '600s' };

/** What a person compares: which services, when, how severe, and the ranked root-cause services with their fault class. */
function summary(incidents: Incident[]) {
  return incidents.filter((i) => !i.mergedInto).map((i) => ({
    openedAt: i.openedAt, severity: i.severity, services: [...i.services].sort(),
    rootCauses: i.rootCauses.slice(0, 3).map((r) => `${r.service}:${r.faultType ?? r.indicator}`),
  })).sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.services.join().localeCompare(b.services.join()));
}

interface RunResult {
  incidents: Incident[];
  /** `service|operation|windowStart` → requests/errors/p99 of every stored 1m window. */
  windows: Map<string, string>;
  late: string;
}

async function finish(app: App): Promise<RunResult> {
  await app.queue.stop();
  await app.pipeline.flush();
  const list = await app.stores.incidents.list({ limit: 1000 });
  const incidents = await Promise.all(list.map(async (i) => (await app.stores.incidents.get(i.id)) ?? i));
  const rows = await app.stores.features.queryRange(startMs, startMs + (MINUTES + 5) * 60_000, '1m');
  const windows = new Map(rows.map((w) => [`${w.service}|${w.operation}|${w.windowStart}`, `${w.requests}/${w.errors}/${w.p99Ms}`]));
  const late = (await app.metrics.registry.metrics()).split('\n').filter((l) => l.startsWith('aiops_late_total{')).join(' ');
  return { incidents, windows, late };
}

async function overHttp(): Promise<RunResult> {
  const app = await createApp(loadConfig(BASE_ENV), { logger: silentLogger });
  apps.push(app);
  await app.start();
  for (const b of batches) {
    const r = await sendBatch(`http://127.0.0.1:${app.ports().otlp}`, b, { format: 'protobuf', maxRetries: 20, namespace: sim.topology.namespace });
    expect(r.status).toBe(200);
  }
  return finish(app);
}

async function overKafka(): Promise<RunResult> {
  const t = uniqueTopics('e2e');
  const kafka = testClient();
  const admin = kafka.admin();
  await admin.connect();
  await createTopics(admin, [t.spans, t.metrics, t.logs, t.dlq], 3);
  const producer = testProducer(kafka);
  await producer.connect();
  const app = await createApp(loadConfig({ ...BASE_ENV, KAFKA_BROKERS: brokers.join(','), KAFKA_TOPICS: `${t.spans},${t.metrics},${t.logs}`, KAFKA_GROUP_ID: t.group, KAFKA_DLQ_TOPIC: t.dlq }), { logger: silentLogger });
  apps.push(app);
  await app.start();
  let messages = 0;
  for (const b of batches) {
    const info = resourceInfoOf(b.spans, sim.topology.namespace);
    messages += await produceTracesByTraceId(producer, t.spans, b.spans, info);
    await producer.send({ topic: t.metrics, acks: -1, messages: [{ key: null, value: Buffer.from(encodeMetrics(b.metrics, 'protobuf', info)) }] });
    if (b.logs.length) await producer.send({ topic: t.logs, acks: -1, messages: [{ key: null, value: Buffer.from(encodeLogs(b.logs, 'protobuf', info)) }] });
    messages += 1 + (b.logs.length ? 1 : 0);
    await expect.poll(() => app.kafka!.status().messages, { timeout: 60_000, interval: 10 }).toBe(messages);
  }
  expect(app.kafka!.status().deadLetters).toBe(0);
  await producer.disconnect();
  await admin.disconnect();
  await app.kafka!.pause();
  return finish(app);
}

describe.skipIf(!brokers.length)(kafkaTitle('Collector-style Kafka input gives the same incidents as OTLP/HTTP'), () => {
  it('same windows and the same root causes for a latency fault', { timeout: 600_000 }, async () => {
    const h = await overHttp();
    const k = await overKafka();
    expect(k.late).toBe('');
    expect(k.windows.size).toBe(h.windows.size);
    expect(Object.fromEntries(k.windows)).toEqual(Object.fromEntries(h.windows));
    const http = summary(h.incidents);
    expect(http.length).toBeGreaterThan(0);
    expect(http[0]!.rootCauses[0]).toBe(`${sim.groundTruth!.service}:latency`);
    expect(summary(k.incidents)).toEqual(http);
  });
});
