/**
 * Kafka consumer self-metrics, registered on the app's registry: messages by outcome, dead letters by reason,
 * lag per partition (high watermark minus the next offset to read), paused partitions, committed offsets.
 * Items accepted are counted with the HTTP path's `aiops_received_total{source="kafka"}`.
 */
import { Counter, Gauge } from 'prom-client';
import type { AiopsMetrics } from '../../obs/metrics.js';

export interface KafkaMetrics {
  messages: Counter<'topic' | 'outcome'>;
  deadLetters: Counter<'topic' | 'reason'>;
  lag: Gauge<'topic' | 'partition'>;
  paused: Gauge;
  pauses: Counter;
  holds: Counter;
  commits: Counter;
  pendingMessages: Gauge;
}

const cache = new WeakMap<AiopsMetrics, KafkaMetrics>();

/** One set per registry (a second consumer on the same app shares it instead of failing to register twice). */
export function kafkaMetrics(metrics: AiopsMetrics): KafkaMetrics {
  const hit = cache.get(metrics);
  if (hit) return hit;
  const registers = [metrics.registry];
  const m: KafkaMetrics = {
    messages: new Counter({ name: 'aiops_kafka_messages_total', help: 'Kafka messages consumed, by outcome (accepted, dead_lettered, empty)', labelNames: ['topic', 'outcome'], registers }),
    deadLetters: new Counter({ name: 'aiops_kafka_dead_letters_total', help: 'Messages sent to the dead-letter topic, by reason', labelNames: ['topic', 'reason'], registers }),
    lag: new Gauge({ name: 'aiops_kafka_consumer_lag', help: 'Messages behind the partition high watermark', labelNames: ['topic', 'partition'], registers }),
    paused: new Gauge({ name: 'aiops_kafka_paused_partitions', help: 'Partitions paused because the ingest queue is full', registers }),
    pauses: new Counter({ name: 'aiops_kafka_pauses_total', help: 'Times a partition was paused for backpressure', registers }),
    holds: new Counter({ name: 'aiops_kafka_alignment_holds_total', help: 'Messages held back (partition paused, message re-read) because they ran ahead of a lagging partition in event time', registers }),
    commits: new Counter({ name: 'aiops_kafka_offset_commits_total', help: 'Offset commits made after a durable window flush', registers }),
    pendingMessages: new Gauge({ name: 'aiops_kafka_uncommitted_messages', help: 'Messages read whose windows are not yet durable (replayed after a crash)', registers }),
  };
  cache.set(metrics, m);
  return m;
}
