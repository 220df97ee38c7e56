/**
 * Consumes what the OpenTelemetry Collector's `kafka` exporter writes (ExportTrace/Metrics/LogsServiceRequest per
 * message, `otlp_proto` or `otlp_json`, keyed by trace id or resource) and hands it to the same OTLP handler as
 * the HTTP receiver: one decode, one validation, one set of limits and counters, two transports.
 *
 * - Poison (undecodable, oversized, every item rejected — too old, too far in the future) → dead-letter topic, counted;
 *   the partition moves on.
 * - Backpressure: a full ingest queue pauses the partition and re-reads the message once the queue has drained
 *   to half; nothing is buffered here beyond the batch kafkajs fetched.
 * - Exactly-once effect: offsets are committed only when the windows their records fell into are durable
 *   (`onDurable`, called with the checkpoint the pipeline stored after writing them; see offset-tracker.ts).
 */
import type { Consumer, EachBatchPayload, IHeaders, Kafka } from 'kafkajs';
import type { Clock } from '../../core/ports.js';
import type { TelemetryBatch } from '../../core/telemetry.js';
import type { KafkaConfig } from '../../config/config.js';
import type { AiopsMetrics } from '../../obs/metrics.js';
import type { Logger } from '../../obs/logger.js';
import type { IngestQueue } from '../ingest-queue.js';
import { createOtlpHandler, type OtlpHandlerDeps } from '../otlp-handler.js';
import { createKafkaClient } from './kafka-client.js';
import { kafkaMetrics } from './kafka-metrics.js';
import { createDeadLetterSender } from './dead-letter.js';
import { outcomeOf, type MessageOutcome } from './message-outcome.js';
import { createOffsetTracker, needsOf, windowRange } from './offset-tracker.js';
import { createThroughput } from './throughput.js';
import { createEventTimeAlignment } from './event-time-alignment.js';
import { createBacklogReader, type PartitionRef } from './partition-backlogs.js';
import { signalResolver } from './signal-header.js';

export interface KafkaIngestOptions {
  kafka: KafkaConfig;
  windowMs: number;
  maxBodyBytes: number;
  maxFutureSkewMs: number;
  /** AIOPS_MAX_PAST_AGE, as on the HTTP path (handler default when absent). */
  maxPastAgeMs?: number;
  /** The ingest queue's bound in items: partitions pause above 80 % and resume below 50 %. */
  queueItems: number;
  /** AIOPS_ALLOWED_LATENESS: a partition more than half of it ahead (event time) of a lagging one waits for it. */
  allowedLatenessMs: number;
}

export interface KafkaIngestDeps {
  queue: IngestQueue;
  metrics: AiopsMetrics;
  logger: Logger;
  clock: Clock;
  budget?: OtlpHandlerDeps['budget'];
  /** A client built elsewhere (tests); default from `opts.kafka`. */
  client?: Kafka;
}

export interface KafkaStatus {
  brokers: string[];
  groupId: string;
  topics: string[];
  messages: number;
  /** Messages consumed per second over the last minute. */
  messagesPerSecond: number;
  deadLetters: number;
  /** Sum over assigned partitions of high watermark − next offset to read. */
  lag: number;
  pausedPartitions: number;
  uncommittedMessages: number;
}

export interface KafkaIngest {
  start(): Promise<void>;
  /** Stops fetching (partitions paused); the group membership stays so the final checkpoint can still commit. */
  pause(): Promise<void>;
  /** Commits what the last durable checkpoint covers, then leaves the group. */
  stop(): Promise<void>;
  /** The pipeline stored this checkpoint after writing the windows it covers: commit the offsets it settles. */
  onDurable(closedBefore: Record<string, number>): void;
  status(): KafkaStatus;
}

/**
 * Bytes fetched per partition per round. Partitions are read round by round, so this bounds how far (in event
 * time) one partition runs ahead of the others while a backlog is replayed: records behind their node's watermark
 * by more than AIOPS_ALLOWED_LATENESS would count as late. 64 KiB is a few seconds of a busy partition.
 */
const MAX_BYTES_PER_PARTITION = 64 * 1024;
const CONTENT_TYPE = { otlp_proto: 'application/x-protobuf', otlp_json: 'application/json' } as const;

export function createKafkaIngest(opts: KafkaIngestOptions, deps: KafkaIngestDeps): KafkaIngest {
  const cfg = opts.kafka;
  const log = deps.logger.child({ component: 'kafka' });
  const km = kafkaMetrics(deps.metrics);
  const client = deps.client ?? createKafkaClient(cfg, deps.logger);
  const dlq = createDeadLetterSender(client, cfg.dlqTopic, log);
  const tracker = createOffsetTracker();
  // A record's signal: its otelcol.signal header (the Collector's `signal_header: true`), else its topic's place in
  // KAFKA_TOPICS; one topic may be named for several signals when the Collector shares it (signal-header.ts).
  const signalOf = signalResolver(cfg.topics);
  const topics = [...new Set(cfg.topics)];
  const lagByPartition = new Map<string, number>();
  const paused = new Map<string, () => void>();
  // Event-time alignment (event-time-alignment.ts): partitions paused because they ran ahead of a lagging one.
  // Without it a backlog replay (after a crash) lets one topic or partition close windows that the others still have
  // data for, and that data would count as late.
  const alignment = createEventTimeAlignment({ alignMs: opts.allowedLatenessMs / 2 });
  const ahead = new Map<string, () => void>();
  /** The current assignment ("topic/partition" → partition) and a counter that tells assignments apart. */
  let assigned = new Map<string, PartitionRef>();
  let assignment = 0;
  const backlogs = createBacklogReader(client, cfg.groupId);
  let backlogTimer: NodeJS.Timeout | undefined;
  let consumer: Consumer | undefined;
  let lastDurable: Record<string, number> = {};
  let commits: Promise<void> = Promise.resolve();
  let resumeTimer: NodeJS.Timeout | undefined;
  let stopping = false;
  let messages = 0;
  let deadLetters = 0;
  const throughput = createThroughput();

  // The shared handler, with a queue that remembers the batch it took (the records' windows decide commits).
  // Messages are handled one at a time (partitionsConsumedConcurrently 1), so one slot is enough.
  let enqueued: TelemetryBatch | undefined;
  /** The oldest and newest window of `enqueued` (computed once, for the alignment's admission and its bookkeeping). */
  let enqueuedRange: [number, number] = [Infinity, -Infinity];
  /** The message being handled (its "topic/partition" and write time), and whether alignment held it back. */
  let reading: { key: string; writtenAtMs: number } | undefined;
  let heldAhead = false;
  const handle = createOtlpHandler(
    { maxBodyBytes: opts.maxBodyBytes, maxFutureSkewMs: opts.maxFutureSkewMs, maxPastAgeMs: opts.maxPastAgeMs, source: 'kafka' },
    {
      queue: {
        offer(b) {
          // Event-time alignment decides before the pipeline sees the records: once there they move the watermark.
          const [oldestWindowMs, newestWindowMs] = windowRange(b, opts.windowMs);
          if (reading !== undefined && !alignment.admits(reading.key, { oldestWindowMs, newestWindowMs, writtenAtMs: reading.writtenAtMs }, deps.clock.now())) {
            heldAhead = true;
            return 'held';
          }
          const r = deps.queue.offer(b);
          if (r === 'ok') {
            enqueued = b;
            enqueuedRange = [oldestWindowMs, newestWindowMs];
          }
          return r;
        },
        depth: () => deps.queue.depth(),
      },
      metrics: deps.metrics,
      logger: deps.logger,
      clock: deps.clock,
      budget: deps.budget,
    },
  );

  async function ingest(topic: string, partition: number, value: Buffer | null, writtenAtMs: number, headers?: IHeaders): Promise<MessageOutcome> {
    const which = signalOf(topic, headers);
    if ('skip' in which) return { kind: 'empty' }; // a signal this process does not ingest (profiles): nothing to do
    if ('poison' in which) return { kind: 'poison', reason: 'unknown_signal', message: which.poison };
    const signal = which.signal;
    const encoding = cfg.encoding.topics[topic] ?? cfg.encoding.default;
    if (value === null || value.byteLength === 0) return { kind: 'poison', reason: 'bad_payload', message: 'empty message value' };
    if (value.byteLength > opts.maxBodyBytes) {
      deps.metrics.rejected.inc({ signal: signal === 'traces' ? 'spans' : signal, reason: 'too_large' });
      return { kind: 'poison', reason: 'too_large', message: `message exceeds ${opts.maxBodyBytes} bytes` };
    }
    enqueued = undefined;
    heldAhead = false;
    reading = { key: pk(topic, partition), writtenAtMs };
    const r = await handle(signal, value, CONTENT_TYPE[encoding]);
    reading = undefined;
    return outcomeOf(signal, encoding === 'otlp_json' ? 'json' : 'protobuf', r, enqueued !== undefined, heldAhead);
  }

  const pk = (topic: string, partition: number) => `${topic}/${partition}`;

  /**
   * Which assigned partitions hold unread records, from the broker's offsets: at each assignment, and while a
   * message is held for partitions that may have been read through since it was written (event-time-alignment.ts).
   * A partition that shows nothing holds the others back; on failure the grace applies.
   */
  async function readBacklogs(): Promise<void> {
    const generation = assignment;
    const parts = [...assigned.values()];
    if (parts.length === 0) return;
    try {
      const { readAtMs, lag } = await backlogs.read(parts, (p) => tracker.nextToRead(p.topic, p.partition), () => deps.clock.now());
      if (generation !== assignment) return; // a newer assignment started its own read
      for (const [key, n] of lag) alignment.backlog(key, n, readAtMs);
    } catch (e) {
      log.warn('kafka backlog per partition unknown; partitions align after a grace period', { err: e });
    }
  }

  /** Every half second while a message is held: a broker read that may show the partitions it waits on read through. */
  let backlogReadRunning = false;
  function readBacklogsForHeld(): void {
    if (backlogReadRunning || stopping || !alignment.needsRead(deps.clock.now())) return;
    backlogReadRunning = true;
    void readBacklogs().finally(() => {
      backlogReadRunning = false;
    });
  }

  /**
   * Resumes backpressure pauses once the queue has drained to half, and alignment pauses once the laggards caught
   * up (checked every 50 ms while any partition is paused).
   */
  function watchResume(): void {
    if (resumeTimer) return;
    resumeTimer = setInterval(() => {
      if (stopping) return;
      if (paused.size && deps.queue.depth() <= opts.queueItems / 2) {
        for (const resume of paused.values()) resume();
        paused.clear();
      }
      for (const [k, resume] of ahead) {
        if (alignment.mayResume(k, deps.clock.now())) {
          resume();
          ahead.delete(k);
        }
      }
      km.paused.set(paused.size + ahead.size);
      if (paused.size === 0 && ahead.size === 0) {
        clearInterval(resumeTimer);
        resumeTimer = undefined;
      }
    }, 50);
    resumeTimer.unref();
  }

  async function eachBatch({ batch, resolveOffset, heartbeat, pause, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    for (const m of batch.messages) {
      if (!isRunning() || isStale() || stopping) return;
      const full = deps.queue.depth() > opts.queueItems * 0.8;
      const outcome: MessageOutcome = full ? { kind: 'retry', why: 'queue_full' } : await ingest(topic, partition, m.value, Number(m.timestamp), m.headers);
      if (outcome.kind === 'retry') {
        // Not resolved: kafkajs fetches this offset again after resume.
        const key = pk(topic, partition);
        if (outcome.why === 'queue_full' && !paused.has(key)) {
          paused.set(key, pause());
          km.pauses.inc();
        } else if (outcome.why === 'ahead' && !ahead.has(key)) {
          ahead.set(key, pause());
          km.holds.inc();
        }
        km.paused.set(paused.size + ahead.size);
        watchResume();
        return;
      }
      messages++;
      throughput.record(deps.clock.now(), messages);
      if (outcome.kind === 'poison') {
        deadLetters++;
        km.deadLetters.inc({ topic, reason: outcome.reason });
        await dlq.send({ topic, partition, offset: m.offset, key: m.key, value: m.value, reason: outcome.reason, error: outcome.message }, deps.clock.now());
      }
      km.messages.inc({ topic, outcome: outcome.kind === 'poison' ? 'dead_lettered' : outcome.kind });
      const needs = outcome.kind === 'accepted' ? needsOf(enqueued!, opts.windowMs) : new Map<string, number>();
      tracker.add(topic, partition, m.offset, needs);
      resolveOffset(m.offset);
      const key = pk(topic, partition);
      const lag = Number(batch.highWatermark) - Number(m.offset) - 1;
      lagByPartition.set(key, lag);
      km.lag.set({ topic, partition: String(partition) }, lag);
      if (outcome.kind === 'accepted') {
        const [oldestWindowMs, newestWindowMs] = enqueuedRange;
        alignment.delivered(key, newestWindowMs, deps.clock.now(), { writtenAtMs: Number(m.timestamp), oldestWindowMs });
      } else {
        alignment.delivered(key, -Infinity, deps.clock.now());
      }
      await heartbeat();
    }
    // Messages with nothing to wait for (dead letters, empty) settle against the last durable checkpoint.
    commit(tracker.durable(lastDurable));
  }

  function commit(offsets: ReturnType<typeof tracker.durable>): void {
    km.pendingMessages.set(tracker.pendingCount());
    if (offsets.length === 0 || !consumer) return;
    const c = consumer;
    commits = commits.then(async () => {
      try {
        await c.commitOffsets(offsets);
        tracker.committed(offsets);
        km.commits.inc();
      } catch (e) {
        // The next durable checkpoint commits again (the tracker still holds the offsets as uncommitted).
        log.warn('offset commit failed; retried with the next checkpoint', { err: e });
      }
    });
  }

  return {
    async start() {
      // maxWaitTimeInMs: a fetch with every partition paused or empty returns within it, so a partition held for
      // event-time alignment resumes within a second of being let go (kafkajs' default is 5 s).
      consumer = client.consumer({ groupId: cfg.groupId, allowAutoTopicCreation: false, maxBytesPerPartition: MAX_BYTES_PER_PARTITION, maxWaitTimeInMs: 500 });
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        const parts = Object.entries(e.payload.memberAssignment).flatMap(([topic, ps]) => ps.map((partition) => ({ topic, partition })));
        tracker.retain(parts);
        const next = new Map(parts.map((p) => [pk(p.topic, p.partition), p] as const));
        for (const k of assigned.keys()) if (!next.has(k)) alignment.forget(k);
        assigned = next;
        assignment++;
        alignment.assigned([...next.keys()], deps.clock.now());
        void readBacklogs();
        // A rebalance that gives a partition back must not re-read what this process already holds in open windows.
        for (const p of parts) {
          const offset = tracker.nextToRead(p.topic, p.partition);
          if (offset !== undefined) consumer!.seek({ topic: p.topic, partition: p.partition, offset });
        }
        log.info('kafka partitions assigned', { partitions: [...next.keys()] });
      });
      await dlq.start();
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: 1, eachBatch });
      backlogTimer = setInterval(readBacklogsForHeld, 500);
      backlogTimer.unref();
      log.info('kafka consumer started', { brokers: cfg.brokers, topics: cfg.topics, groupId: cfg.groupId });
    },
    async pause() {
      stopping = true;
      if (consumer) consumer.pause(topics.map((topic) => ({ topic })));
    },
    async stop() {
      stopping = true;
      if (resumeTimer) clearInterval(resumeTimer);
      if (backlogTimer) clearInterval(backlogTimer);
      await commits;
      await consumer?.disconnect();
      await backlogs.close();
      await dlq.stop();
      log.info('kafka consumer stopped', { uncommitted: tracker.pendingCount() });
    },
    onDurable(closedBefore) {
      lastDurable = { ...closedBefore };
      commit(tracker.durable(lastDurable));
    },
    status() {
      let lag = 0;
      for (const v of lagByPartition.values()) lag += Math.max(0, v);
      return { brokers: cfg.brokers, groupId: cfg.groupId, topics: cfg.topics, messages, messagesPerSecond: throughput.perSecond(deps.clock.now(), messages), deadLetters, lag, pausedPartitions: paused.size, uncommittedMessages: tracker.pendingCount() };
    },
  };
}
