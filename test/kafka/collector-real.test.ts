/**
 * The real OpenTelemetry Collector (v0.165, kafka exporter v0.165.1; scripts/build-otelcol.sh) writes to the real
 * broker, and the app's Kafka consumer reads what it wrote: the OTel JS SDK → Collector otlp receiver → kafka
 * exporter → topics → createApp's consumer → counts through the app's HTTP API (/metrics, /api/services,
 * /api/features). One Collector, three kafka exporters on their own topics, each read by its own app:
 *   - proto: the defaults (otlp_proto, no record key, the sticky partitioner, no compression);
 *   - json: otlp_json, gzip-compressed batches;
 *   - keyed: otlp_proto with partition_traces_by_id, partition_metrics_by_resource_attributes and
 *     partition_logs_by_resource_attributes (records keyed by trace id hex / a hash of the resource), snappy batches;
 *   - zstd: otlp_proto, zstd batches (node:zlib on Node 22.15+, else src/ingest/codecs/zstd-decoder.ts);
 *   - shared: `signal_header: true` and one topic for all three signals (src/ingest/kafka/signal-header.ts), lz4 batches.
 * Windows close 3 s after a service goes quiet (AIOPS_IDLE_FLUSH): shorter, a slow consumer under load (five apps in
 * one process) closed a window between two messages of one service and counted the second one late.
 * snappy, lz4 and zstd batches once made the consumer crash and restart at the same offset for ever (kafkajs reads
 * only gzip): src/ingest/kafka/codecs.
 * Expected counts are what the test sent through the SDK; nothing may be dead-lettered or rejected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka } from 'kafkajs';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/obs/logger.js';
import { registerKafkaCodecs } from '../../src/ingest/kafka/kafka-codecs.js';
import { brokers, createTopics, kafkaSkipReason, testClient, uniqueTopics } from './kafka-helpers.js';
import { otelcolSkipReason, sample, samples, sendTelemetry, startCollector, type RunningCollector, type Sent } from './collector-helpers.js';

const skipReason = kafkaSkipReason || otelcolSkipReason;
const title = (t: string) => (skipReason ? `${t} — skipped: ${skipReason}` : t);

interface Case {
  name: string;
  encoding: 'otlp_proto' | 'otlp_json';
  /** Extra kafka exporter settings, YAML lines indented for the exporter's body. */
  extra: string;
  topics: ReturnType<typeof uniqueTopics>;
  app?: App;
}

const cases: Case[] = [
  { name: 'proto', encoding: 'otlp_proto', extra: '', topics: uniqueTopics('otelcol-proto') },
  { name: 'json', encoding: 'otlp_json', extra: '    producer:\n      compression: gzip\n', topics: uniqueTopics('otelcol-json') },
  {
    name: 'keyed', encoding: 'otlp_proto', topics: uniqueTopics('otelcol-keyed'),
    extra: '    partition_traces_by_id: true\n    partition_metrics_by_resource_attributes: true\n    partition_logs_by_resource_attributes: true\n    producer:\n      compression: snappy\n',
  },
  { name: 'zstd', encoding: 'otlp_proto', extra: '    producer:\n      compression: zstd\n', topics: uniqueTopics('otelcol-zstd') },
  // All three signals on one topic, told apart by the otelcol.signal header (KAFKA_TOPICS names the topic thrice).
  { name: 'shared', encoding: 'otlp_proto', extra: '    signal_header: true\n    producer:\n      compression: lz4\n', topics: sharedTopic(uniqueTopics('otelcol-shared')) },
];

function sharedTopic(t: ReturnType<typeof uniqueTopics>): ReturnType<typeof uniqueTopics> {
  return { ...t, metrics: t.spans, logs: t.spans };
}
const PARTITIONS = 3;
const BASE_ENV = { AIOPS_DATA_DIR: 'memory://', AIOPS_OTLP_PORT: '0', AIOPS_OTLP_GRPC_PORT: '0', AIOPS_HTTP_PORT: '0', AIOPS_LOG_LEVEL: 'error', AIOPS_IDLE_FLUSH: '3s' };

let kafka: Kafka;
let admin: Admin;
let collector: RunningCollector | undefined;
let sent: Sent;

function exporterYaml(c: Case): string {
  return `  kafka/${c.name}:
    brokers: [${brokers.join(', ')}]
    traces:
      topic: ${c.topics.spans}
      encoding: ${c.encoding}
    metrics:
      topic: ${c.topics.metrics}
      encoding: ${c.encoding}
    logs:
      topic: ${c.topics.logs}
      encoding: ${c.encoding}
${c.extra}`;
}

const pipelines = () => ['traces', 'metrics', 'logs']
  .map((p) => `    ${p}:\n      receivers: [otlp]\n      processors: [batch]\n      exporters: [${cases.map((c) => `kafka/${c.name}`).join(', ')}]`)
  .join('\n');

beforeAll(async () => {
  if (skipReason) return;
  kafka = testClient();
  admin = kafka.admin();
  await admin.connect();
  await createTopics(admin, [...new Set(cases.flatMap((c) => [c.topics.spans, c.topics.metrics, c.topics.logs, c.topics.dlq]))], PARTITIONS);
  for (const c of cases) {
    const t = c.topics;
    c.app = await createApp(loadConfig({
      ...BASE_ENV, KAFKA_BROKERS: brokers.join(','), KAFKA_TOPICS: `${t.spans},${t.metrics},${t.logs}`,
      KAFKA_GROUP_ID: t.group, KAFKA_DLQ_TOPIC: t.dlq, KAFKA_ENCODING: c.encoding,
    }), { logger: silentLogger });
  }
  // Every app is made before any starts: createApp blocks the event loop for seconds (it loads its models), and a
  // started app in the same process would take that for load.
  for (const c of cases) await c.app!.start();
  collector = await startCollector(cases.map(exporterYaml).join(''), pipelines());
  sent = await sendTelemetry(collector.otlpUrl, `kc${Date.now().toString(36)}`);
}, 240_000); // apps, the Collector and the SDK: createApp alone blocks 3-5 s per app

afterAll(async () => {
  await collector?.stop();
  for (const c of cases) await c.app?.stop().catch(() => undefined);
  await admin?.disconnect();
});

async function api(app: App, path: string): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${app.ports().http}${path}`);
  expect(r.status, `${path}: ${r.status}`).toBe(200);
  return r.text();
}

const received = async (app: App) => {
  const text = await api(app, '/metrics');
  return { spans: sample(text, 'aiops_received_total', { signal: 'spans', source: 'kafka' }), points: sample(text, 'aiops_received_total', { signal: 'metrics', source: 'kafka' }), logs: sample(text, 'aiops_received_total', { signal: 'logs', source: 'kafka' }) };
};

describe.skipIf(skipReason !== '')(title('the real Collector kafka exporter → the app Kafka consumer'), () => {
  describe.each(cases)('kafka exporter $name ($encoding)', (c) => {
    it('every span, metric point and log arrives, of the services sent, and nothing is dead-lettered or rejected', { timeout: 90_000 }, async () => {
      const app = c.app!;
      await expect.poll(() => received(app), { timeout: 60_000, interval: 100 })
        .toEqual({ spans: sent.spans, points: sent.points, logs: sent.logs });

      // Windows close 3 s after the services go quiet (AIOPS_IDLE_FLUSH); then the API lists them and their requests.
      const services = async () => (JSON.parse(await api(app, '/api/services')) as { services: { name: string }[] }).services.map((s) => s.name).sort();
      await expect.poll(services, { timeout: 30_000, interval: 200 }).toEqual([...sent.services].sort());
      for (const s of sent.services) {
        const requests = async () => {
          const body = JSON.parse(await api(app, `/api/features?service=${encodeURIComponent(s)}`)) as { points: { requests: number; errors: number }[] };
          return { requests: body.points.reduce((n, p) => n + p.requests, 0), errors: body.points.reduce((n, p) => n + p.errors, 0) };
        };
        // One root SERVER span per trace is a request; every fifth answered 500 with an error status.
        await expect.poll(requests, { timeout: 30_000, interval: 200 }).toEqual({ requests: sent.requestsPerService, errors: Math.ceil(sent.requestsPerService / 5) });
      }

      const text = await api(app, '/metrics');
      expect(samples(text, 'aiops_kafka_dead_letters_total')).toEqual([]);
      expect(samples(text, 'aiops_rejected_total')).toEqual([]);
      expect(samples(text, 'aiops_late_total')).toEqual([]);
      expect(app.kafka!.status().deadLetters).toBe(0);
      const dlq = await admin.fetchTopicOffsets(c.topics.dlq);
      expect(dlq.reduce((n, p) => n + Number(p.high), 0)).toBe(0);
    });
  });

  it('partition_traces_by_id keys each trace by its id in hex; the resource-keyed signals keep one partition per service', { timeout: 60_000 }, async () => {
    const keyed = cases.find((c) => c.name === 'keyed')!;
    const records = await readAll(keyed.topics);
    const spanKeys = records.filter((r) => r.topic === keyed.topics.spans);
    // One record per trace (the exporter splits a batch by trace id), keyed by the id's lower-case hex.
    expect(spanKeys.map((r) => r.key).sort()).toEqual([...sent.traceIds].sort());
    for (const topic of [keyed.topics.metrics, keyed.topics.logs]) {
      const byKey = new Map<string, Set<number>>();
      for (const r of records.filter((x) => x.topic === topic)) byKey.set(r.key, (byKey.get(r.key) ?? new Set()).add(r.partition));
      // The exporter splits by resource: one key per service (a hash of its sorted attributes), each on one partition.
      expect(byKey.size, topic).toBe(sent.services.length);
      for (const parts of byKey.values()) expect(parts.size).toBe(1);
    }
    // Without partitioning options the records carry no key.
    const plain = await readAll(cases.find((c) => c.name === 'proto')!.topics);
    expect(plain.length).toBeGreaterThan(0);
    expect(plain.every((r) => r.key === '')).toBe(true);
  });
});

/** Every record of a case's three topics, read by a fresh consumer group from the beginning up to the high watermarks. */
async function readAll(t: ReturnType<typeof uniqueTopics>): Promise<{ topic: string; partition: number; key: string }[]> {
  const topics = [t.spans, t.metrics, t.logs];
  let total = 0;
  for (const topic of topics) total += (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
  const out: { topic: string; partition: number; key: string }[] = [];
  registerKafkaCodecs(); // the keyed case's batches are snappy: this plain test client reads them through our codecs
  const consumer = kafka.consumer({ groupId: `${t.group}-inspect`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    let done: () => void = () => undefined;
    const all = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        // Trace keys are hex text; resource keys are binary hashes, compared as hex.
        const key = message.key === null ? '' : topic === t.spans ? message.key.toString('utf8') : message.key.toString('hex');
        out.push({ topic, partition, key });
        if (out.length === total) done();
      },
    });
    await Promise.race([all, new Promise((_, reject) => setTimeout(() => reject(new Error(`read ${out.length} of ${total} records in 30 s`)), 30_000))]);
  } finally {
    await consumer.disconnect();
  }
  return out;
}
