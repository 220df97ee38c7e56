/** What the transport-neutral use cases need: ports only, so CLI, HTTP API, Slack and the agent share them. */
import type { Action, Clock, FeatureStore, GraphStore, IncidentStore } from '../core/index.js';

export interface OpsContext {
  features: FeatureStore;
  graph: GraphStore;
  incidents: IncidentStore;
  clock: Clock;
  windowMs: number;
  /** Services seen by the pipeline (first accepted item, whether a window of theirs closed yet); absent offline. */
  seen?: { get(name: string): { firstSeen: number; windowClosed: boolean } | undefined };
  /** The Kafka consumer's state when this process consumes Kafka (serve with KAFKA_BROKERS); absent otherwise. */
  kafka?: () => KafkaView;
}

/** What `/aiops status` shows of Kafka ingest (src/ingest/kafka: KafkaStatus). */
export interface KafkaView {
  groupId: string;
  /** Messages behind the high watermark, summed over this process's partitions. */
  lag: number;
  /** Messages consumed per second over the last minute. */
  messagesPerSecond: number;
  messages: number;
  deadLetters: number;
  pausedPartitions: number;
}

/** Expected failures of a use case: shown to people as they are, mapped to HTTP 400/403/404/409 by the API. */
export interface OpsError {
  code: 'UNKNOWN_SERVICE' | 'NOT_FOUND' | 'BAD_INPUT' | 'NO_DATA' | 'FORBIDDEN' | 'CONFLICT';
  message: string;
  /** CONFLICT on an action: the action as it is now (a decision came after another one). */
  current?: Action;
}

export type OpsResult<T> = { ok: true; value: T } | { ok: false; error: OpsError };
