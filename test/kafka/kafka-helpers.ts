/**
 * Kafka test helpers: the broker from KAFKA_BROKERS (scripts/start-kafka.sh; `.ci/run` starts one), the skip
 * reason when there is none, fresh topics per test, and a producer that writes like the Collector's kafka
 * exporter (one Export*ServiceRequest per message; spans keyed by trace id with `partition_traces_by_id`).
 */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import type { KafkaConfig } from '../../src/config/config.js';
import type { SpanRecord } from '../../src/core/telemetry.js';
import { encodeTraces, type ResourceInfo } from '../../src/sim/otlp-encode.js';

export const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
export const kafkaSkipReason = brokers.length ? '' : 'KAFKA_BROKERS is unset (start a broker with scripts/start-kafka.sh)';
export const kafkaTitle = (title: string) => (brokers.length ? title : `${title} — skipped: ${kafkaSkipReason}`);

export function testClient(): Kafka {
  return new Kafka({ clientId: 'aiops-test', brokers, logLevel: logLevel.NOTHING });
}

/**
 * The tests' producer is idempotent: a plain producer that retries a send whose acknowledgement was lost (seen under
 * full-suite CI load) writes the message twice, and the suites compare what the consumer did with exact counts.
 */
export function testProducer(kafka: Kafka): Producer {
  return kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
}

/** Topic names unique to one test: `<prefix>-<hex>-spans|metrics|logs|dlq`. */
export function uniqueTopics(prefix: string): { spans: string; metrics: string; logs: string; dlq: string; group: string } {
  const id = `${prefix}-${randomBytes(4).toString('hex')}`;
  return { spans: `${id}-spans`, metrics: `${id}-metrics`, logs: `${id}-logs`, dlq: `${id}-dlq`, group: `${id}-group` };
}

export async function createTopics(admin: Admin, topics: string[], partitions: number): Promise<void> {
  await admin.createTopics({ waitForLeaders: false, topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })) });
  // kafkajs' own wait for leaders fails at once when the broker answers "does not host this topic-partition" for a
  // topic it is still creating (seen on a freshly started broker): ask again until every partition has a leader.
  for (let i = 0; ; i++) {
    try {
      const meta = await admin.fetchTopicMetadata({ topics });
      if (meta.topics.every((t) => t.partitions.length === partitions && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (e) {
      if (i >= 100) throw e;
    }
    if (i >= 100) throw new Error(`topics ${topics.join(', ')} have no leaders after 20 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function kafkaConfig(t: ReturnType<typeof uniqueTopics>, over: Partial<KafkaConfig> = {}): KafkaConfig {
  return {
    brokers, topics: [t.spans, t.metrics, t.logs], groupId: t.group, clientId: 'aiops-test',
    encoding: { default: 'otlp_proto', topics: {} }, dlqTopic: t.dlq,
    tls: { enabled: false, caFile: undefined, certFile: undefined, keyFile: undefined }, sasl: undefined, ...over,
  };
}

/** What the Collector's exporter does with `partition_traces_by_id: true`: one message per trace, key = trace id hex. */
export async function produceTracesByTraceId(producer: Producer, topic: string, spans: SpanRecord[], info: ResourceInfo = {}): Promise<number> {
  const byTrace = new Map<string, SpanRecord[]>();
  for (const s of spans) {
    const list = byTrace.get(s.traceId) ?? [];
    list.push(s);
    byTrace.set(s.traceId, list);
  }
  const messages = [...byTrace].map(([traceId, list]) => ({ key: traceId, value: Buffer.from(encodeTraces(list, 'protobuf', info)) }));
  for (let i = 0; i < messages.length; i += 500) await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 500) });
  return messages.length;
}
