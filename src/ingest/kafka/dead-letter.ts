/**
 * The dead-letter topic: a message the pipeline cannot take is copied there with its key and value unchanged and
 * the reason in headers, so an operator can inspect or replay it; the source partition then moves on.
 * Headers: `aiops.dlq.reason` (bad_payload, too_large, future_timestamp, …), `aiops.dlq.error` (the message the
 * HTTP path would answer), `aiops.dlq.topic`, `aiops.dlq.partition`, `aiops.dlq.offset`, `aiops.dlq.at` (ISO time).
 */
import type { Kafka, Producer } from 'kafkajs';
import type { Logger } from '../../obs/logger.js';

export interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  reason: string;
  error: string;
}

export interface DeadLetterSender {
  start(): Promise<void>;
  /** True when the broker took the copy; false after the producer's retries (logged, never thrown). */
  send(d: DeadLetter, nowMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

export function createDeadLetterSender(kafka: Kafka, dlqTopic: string, logger: Logger): DeadLetterSender {
  let producer: Producer | undefined;
  return {
    async start() {
      producer = kafka.producer({ allowAutoTopicCreation: true });
      await producer.connect();
    },
    async send(d, nowMs) {
      try {
        await producer!.send({
          topic: dlqTopic,
          acks: -1,
          messages: [{
            key: d.key,
            value: d.value,
            headers: {
              'aiops.dlq.reason': d.reason,
              'aiops.dlq.error': d.error.slice(0, 1000),
              'aiops.dlq.topic': d.topic,
              'aiops.dlq.partition': String(d.partition),
              'aiops.dlq.offset': d.offset,
              'aiops.dlq.at': new Date(nowMs).toISOString(),
            },
          }],
        });
        return true;
      } catch (e) {
        logger.error('dead-letter send failed; the message is skipped', { topic: d.topic, partition: d.partition, offset: d.offset, reason: d.reason, err: e });
        return false;
      }
    },
    async stop() {
      await producer?.disconnect();
    },
  };
}
