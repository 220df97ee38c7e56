/**
 * KAFKA_SCALE_OUT: the raw worker (every instance: its share of the Collector's partitions → partial windows) and
 * the merger (the one owner of the partials topic: merge → pipeline) behind the KafkaIngest face the app already
 * starts, pauses, stops and asks for status.
 */
import type { Kafka } from 'kafkajs';
import type { Clock, StateStore } from '../core/index.js';
import type { KafkaConfig } from '../config/config.js';
import type { AiopsMetrics } from '../obs/metrics.js';
import type { Logger } from '../obs/logger.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import { createKafkaClient } from '../ingest/kafka/kafka-client.js';
import type { KafkaIngest } from '../ingest/kafka/kafka-consumer.js';
import { createThroughput } from '../ingest/kafka/throughput.js';
import { createRawWorker } from './raw-worker.js';
import { createMerger } from './merger.js';

export interface ScaleOutOptions {
  kafka: KafkaConfig & { scaleOut: { partialsTopic: string } };
  windowMs: number;
  allowedLatenessMs: number;
  maxBodyBytes: number;
  maxFutureSkewMs: number;
  maxPastAgeMs?: number;
  idleMs: number;
}

export function createScaleOut(opts: ScaleOutOptions, deps: { pipeline: Pipeline; state: StateStore; metrics: AiopsMetrics; logger: Logger; clock: Clock; client?: Kafka }): KafkaIngest {
  const client = deps.client ?? createKafkaClient(opts.kafka, deps.logger);
  const partialsTopic = opts.kafka.scaleOut.partialsTopic;
  const raw = createRawWorker({ ...opts, partialsTopic }, { client, metrics: deps.metrics, logger: deps.logger, clock: deps.clock });
  const merger = createMerger(
    { groupId: opts.kafka.groupId, rawTopics: opts.kafka.topics, partialsTopic },
    { client, state: deps.state, metrics: deps.metrics, logger: deps.logger, consumeClosed: (c) => deps.pipeline.consumeClosed(c), takeOver: (at) => deps.pipeline.takeOver(at) },
  );
  const throughput = createThroughput();
  let stopped = false;
  return {
    async start() {
      const admin = client.admin();
      await admin.connect();
      // One partition: the merge has one owner at a time, and Kafka picks it.
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic: partialsTopic, numPartitions: 1 }] }).catch(() => false);
      await admin.disconnect();
      // Side by side: a consumer's start returns once its group let it join, and joining the merge group waits for
      // the current owner to rejoin — between two of its (long) merge batches. Reading the raw partitions must not
      // wait for that: a second instance would sit idle while the first consumed the whole backlog.
      await Promise.all([merger.start(), raw.start()]);
    },
    async pause() {
      // Stop reading: what is not published yet is replayed from the committed offsets by the next owner.
      if (!stopped) await raw.stop();
      stopped = true;
    },
    async stop() {
      if (!stopped) await raw.stop();
      stopped = true;
      await merger.stop();
    },
    onDurable() {
      // Offsets commit inside the partials transactions (raw side) and after the merge checkpoint (merge side).
    },
    status() {
      const r = raw.status();
      const now = deps.clock.now();
      throughput.record(now, r.messages);
      return {
        brokers: opts.kafka.brokers, groupId: opts.kafka.groupId, topics: opts.kafka.topics, messages: r.messages,
        messagesPerSecond: throughput.perSecond(now, r.messages), deadLetters: r.deadLetters, lag: r.lag,
        pausedPartitions: 0, uncommittedMessages: 0,
      };
    },
  };
}
