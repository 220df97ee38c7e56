// The Kafka consumer against a real broker: what the Collector's kafka exporter writes is decoded by the shared
// OTLP handler; poison goes to the dead-letter topic with its reason and the partition keeps flowing; offsets are
// committed only once the windows are durable; a full queue pauses partitions instead of buffering.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { KafkaMessage } from 'kafkajs';
import { SpanKind, type SpanRecord } from '../../src/core/telemetry.js';
import { createIngestQueue } from '../../src/ingest/ingest-queue.js';
import { createKafkaIngest } from '../../src/ingest/kafka/kafka-consumer.js';
import { createMetrics } from '../../src/obs/metrics.js';
import { silentLogger } from '../../src/obs/logger.js';
import { encodeLogs, encodeTraces } from '../../src/sim/otlp-encode.js';
import { createSinkStage } from '../helpers/sink-stage.js';
import { brokers, createTopics, kafkaConfig, kafkaTitle, produceTracesByTraceId, testClient, uniqueTopics, testProducer } from './kafka-helpers.js';

const WINDOW = 60_000;
const T0 = Math.floor(Date.now() / WINDOW) * WINDOW - 10 * WINDOW;
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

function span(i: number, startMs: number, service = 'checkout'): SpanRecord {
  return {
    traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex'), parentSpanId: '', service,
    name: 'GET /cart', kind: SpanKind.SERVER, startMs, endMs: startMs + 5 + (i % 7), statusCode: 0,
  };
}

async function setup(opts: { maxItems?: number; maxBodyBytes?: number; logsJson?: boolean } = {}) {
  const t = uniqueTopics('consumer');
  const kafka = testClient();
  const admin = kafka.admin();
  await admin.connect();
  await createTopics(admin, [t.spans, t.metrics, t.logs, t.dlq], 3);
  const producer = testProducer(kafka);
  await producer.connect();
  const sink = createSinkStage();
  const metrics = createMetrics();
  const queue = createIngestQueue({ maxItems: opts.maxItems ?? 100_000, sink, metrics, logger: silentLogger });
  await queue.start();
  const cfg = kafkaConfig(t, opts.logsJson ? { encoding: { default: 'otlp_proto', topics: { [t.logs]: 'otlp_json' } } } : {});
  const ingest = createKafkaIngest(
    { kafka: cfg, windowMs: WINDOW, maxBodyBytes: opts.maxBodyBytes ?? 1 << 20, maxFutureSkewMs: 600_000, queueItems: opts.maxItems ?? 100_000, allowedLatenessMs: 30_000 },
    { queue, metrics, logger: silentLogger, clock: { now: () => Date.now() } },
  );
  await ingest.start();
  stops.push(async () => {
    sink.release();
    await ingest.pause();
    await queue.stop();
    await ingest.stop();
    await producer.disconnect();
    await admin.disconnect();
  });
  const committed = async (topic: string) =>
    (await admin.fetchOffsets({ groupId: t.group, topics: [topic] }))[0]!.partitions.map((p) => Number(p.offset)).sort();
  return { t, kafka, admin, producer, sink, metrics, queue, ingest, committed };
}

/** Reads the dead-letter topic until `n` messages arrived. */
async function readDeadLetters(kafka: ReturnType<typeof testClient>, topic: string, n: number): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `dlq-reader-${randomBytes(3).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got: KafkaMessage[] = [];
  await new Promise<void>((resolve) => {
    void consumer.run({ eachMessage: async ({ message }) => { got.push(message); if (got.length >= n) resolve(); } });
  });
  await consumer.disconnect();
  return got;
}

describe.skipIf(!brokers.length)(kafkaTitle('Kafka consumer on a real broker'), () => {
  it('decodes otlp_proto keyed by trace id on 3 partitions and otlp_json per topic, as source kafka', async () => {
    const { t, producer, sink } = await setup({ logsJson: true });
    const spans = Array.from({ length: 300 }, (_, i) => span(i, T0 + i * 100));
    expect(await produceTracesByTraceId(producer, t.spans, spans)).toBe(300);
    const log = { service: 'checkout', timeMs: T0 + 1000, severityNumber: 17, severityText: 'ERROR', body: 'payment declined', traceId: '' };
    await producer.send({ topic: t.logs, messages: [{ key: null, value: Buffer.from(encodeLogs([log], 'json')) }] });
    await sink.waitFor((s) => s.spans().length === 300 && s.logs().length === 1, 30_000);
    expect(new Set(sink.spans().map((s) => s.spanId))).toEqual(new Set(spans.map((s) => s.spanId)));
    expect(sink.logs()[0]).toMatchObject({ service: 'checkout', body: 'payment declined', severityNumber: 17 });
    expect(sink.batches.every((b) => b.source === 'kafka')).toBe(true);
  });

  it('sends poison to the dead-letter topic with the reason in headers, and the partition keeps flowing', async () => {
    const { t, kafka, producer, sink, metrics } = await setup({ maxBodyBytes: 4096 });
    const good = span(1, T0);
    const future = span(2, Date.now() + 3_600_000);
    await producer.send({
      topic: t.spans,
      messages: [
        { partition: 0, key: 'garbage', value: Buffer.from([0xff, 0xff, 0xff, 0x0f, 0x01]) },
        { partition: 0, key: future.traceId, value: Buffer.from(encodeTraces([future], 'protobuf')) },
        { partition: 0, key: 'big', value: randomBytes(5000) },
        { partition: 0, key: good.traceId, value: Buffer.from(encodeTraces([good], 'protobuf')) },
      ],
    });
    await sink.waitFor((s) => s.spans().length === 1, 30_000);
    expect(sink.spans()[0]!.spanId).toBe(good.spanId);
    const dead = await readDeadLetters(kafka, t.dlq, 3);
    // The dead-letter topic has 3 partitions (keys spread them): order by the source offset.
    const reasons = dead.map((m) => [m.key?.toString(), m.headers?.['aiops.dlq.reason']?.toString(), m.headers?.['aiops.dlq.topic']?.toString(), m.headers?.['aiops.dlq.offset']?.toString()])
      .sort((a, b) => Number(a[3]) - Number(b[3]));
    expect(reasons).toEqual([
      ['garbage', 'bad_payload', t.spans, '0'],
      [future.traceId, 'future_timestamp', t.spans, '1'],
      ['big', 'too_large', t.spans, '2'],
    ]);
    const text = await metrics.registry.metrics();
    expect(text).toContain(`aiops_kafka_dead_letters_total{topic="${t.spans}",reason="bad_payload"} 1`);
    expect(text).toContain(`aiops_kafka_dead_letters_total{topic="${t.spans}",reason="future_timestamp"} 1`);
    expect(text).toContain(`aiops_kafka_dead_letters_total{topic="${t.spans}",reason="too_large"} 1`);
  });

  it('commits offsets only once the checkpoint says their windows are written', async () => {
    const { t, producer, sink, ingest, committed } = await setup();
    await producer.send({ topic: t.spans, messages: [0, 1, 2].map((i) => ({ partition: i, key: null, value: Buffer.from(encodeTraces([span(i, T0 + i)], 'protobuf')) })) });
    await sink.waitFor((s) => s.spans().length === 3, 30_000);
    expect(await committed(t.spans)).toEqual([-1, -1, -1]);
    ingest.onDurable({ checkout: T0 }); // the window starting at T0 is still open: nothing to commit
    await new Promise((r) => setTimeout(r, 300));
    expect(await committed(t.spans)).toEqual([-1, -1, -1]);
    ingest.onDurable({ checkout: T0 + WINDOW });
    await expect.poll(() => committed(t.spans), { timeout: 10_000 }).toEqual([1, 1, 1]);
    expect(ingest.status()).toMatchObject({ messages: 3, deadLetters: 0, uncommittedMessages: 0 });
  });

  it('pauses partitions while the ingest queue is full and delivers everything after it drains', async () => {
    const { t, producer, sink, metrics } = await setup({ maxItems: 100 });
    sink.hold();
    const spans = Array.from({ length: 600 }, (_, i) => span(i, T0 + i));
    await produceTracesByTraceId(producer, t.spans, spans);
    await expect.poll(async () => (await metrics.registry.metrics()).match(/aiops_kafka_pauses_total (\d+)/)?.[1], { timeout: 20_000 }).not.toBe('0');
    sink.release();
    await sink.waitFor((s) => s.spans().length === 600, 60_000);
    expect(new Set(sink.spans().map((s) => s.spanId)).size).toBe(600);
  });
});
