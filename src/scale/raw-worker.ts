/**
 * Scale-out, raw side: consumes the Collector's topics in the consumer group like the single-process consumer, but
 * aggregates per partition (partition-windows.ts) and publishes the closed windows as mergeable partials to the
 * partials topic. Each publish is one Kafka transaction: the partial windows, the partition's marker (published
 * before T) and the partition's offset commit (`sendOffsets`, with T in the commit metadata) — so a crash at any
 * point leaves either all of them or none. The next owner of the partition (after a rebalance or a restart) reads
 * T back from the commit, drops replayed records of windows before T and rebuilds the open ones from the replay.
 */
import { randomBytes } from 'node:crypto';
import { CompressionTypes, type Admin, type Consumer, type EachBatchPayload, type Kafka, type Producer } from 'kafkajs';
import type { Clock, TelemetryBatch } from '../core/index.js';
import type { KafkaConfig } from '../config/config.js';
import type { AiopsMetrics } from '../obs/metrics.js';
import type { Logger } from '../obs/logger.js';
import { createOtlpHandler } from '../ingest/otlp-handler.js';
import { createDeadLetterSender } from '../ingest/kafka/dead-letter.js';
import { outcomeOf } from '../ingest/kafka/message-outcome.js';
import { kafkaMetrics } from '../ingest/kafka/kafka-metrics.js';
import { signalResolver } from '../ingest/kafka/signal-header.js';
import { createSerial } from '../pipeline/serial.js';
import { chunksByWindowStart, encodePartials, type PartialsMessage } from './partials-codec.js';
import { createPartitionWindows, type PartitionWindows } from './partition-windows.js';
import { scaleMetrics } from './scale-metrics.js';

export interface RawWorkerOptions {
  kafka: KafkaConfig;
  partialsTopic: string;
  windowMs: number;
  allowedLatenessMs: number;
  maxBodyBytes: number;
  maxFutureSkewMs: number;
  maxPastAgeMs?: number;
  /** A caught-up partition that read nothing for this long (wall time) closes its open windows and goes idle. */
  idleMs: number;
}

interface PartitionState {
  topic: string;
  partition: number;
  windows: PartitionWindows;
  /** Offsets read and the newest window each touched, oldest first, until a publish covers them. */
  pending: { offset: number; newestWindow: number }[];
  nextOffset: number | undefined;
  lastReadWall: number;
  /** Wall time of the last close attempt (see eachBatch). */
  lastAdvanceWall: number;
  idle: boolean;
}

const CONTENT_TYPE = { otlp_proto: 'application/x-protobuf', otlp_json: 'application/json' } as const;
const ADVANCE_WHILE_BEHIND_MS = 1_000;

export interface RawWorker {
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): { partitions: number; messages: number; deadLetters: number; lag: number };
}

export function createRawWorker(opts: RawWorkerOptions, deps: { client: Kafka; metrics: AiopsMetrics; logger: Logger; clock: Clock }): RawWorker {
  const cfg = opts.kafka;
  const log = deps.logger.child({ component: 'scale-raw' });
  const km = kafkaMetrics(deps.metrics);
  const dlq = createDeadLetterSender(deps.client, cfg.dlqTopic, log);
  // A record's signal: its otelcol.signal header (the Collector's `signal_header: true`), else its topic's place in
  // KAFKA_TOPICS — the same resolver as the single-process consumer (src/ingest/kafka/signal-header.ts).
  const signalOf = signalResolver(cfg.topics);
  const parts = new Map<string, PartitionState>();
  const lag = new Map<string, number>();
  const key = (topic: string, partition: number) => `${topic}/${partition}`;
  let consumer: Consumer | undefined;
  let producer: Producer | undefined;
  let admin: Admin | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  // Message handling, assignment and the idle check share the partition state and the one transactional producer.
  const serial = createSerial();
  let messages = 0;
  let deadLetters = 0;

  let taken: TelemetryBatch | undefined;
  const handle = createOtlpHandler(
    { maxBodyBytes: opts.maxBodyBytes, maxFutureSkewMs: opts.maxFutureSkewMs, maxPastAgeMs: opts.maxPastAgeMs, source: 'kafka' },
    { queue: { offer: (b) => ((taken = b), 'ok'), depth: () => 0 }, metrics: deps.metrics, logger: deps.logger, clock: deps.clock },
  );

  /** One transaction: partial windows, the marker, and the offset commit whose metadata carries the marker. */
  async function publish(p: PartitionState, messagesOut: PartialsMessage[]): Promise<void> {
    const before = p.windows.closedBefore();
    let settled = 0;
    while (settled < p.pending.length && p.pending[settled]!.newestWindow < before) settled++;
    const commitAt = settled > 0 ? p.pending[settled - 1]!.offset + 1 : undefined;
    const tx = await producer!.transaction();
    try {
      // A few messages per request, gzip: one record batch must stay under the broker's message size limit.
      for (let i = 0; i < messagesOut.length; i += 8) {
        await tx.send({ topic: opts.partialsTopic, compression: CompressionTypes.GZIP, messages: messagesOut.slice(i, i + 8).map((m) => ({ key: m.source, value: encodePartials(m) })) });
      }
      if (commitAt !== undefined) {
        await tx.sendOffsets({ consumerGroupId: cfg.groupId, topics: [{ topic: p.topic, partitions: [{ partition: p.partition, offset: String(commitAt), metadata: String(before) } as { partition: number; offset: string }] }] });
      }
      await tx.commit();
    } catch (e) {
      await tx.abort().catch(() => undefined);
      throw e;
    }
    p.pending.splice(0, settled);
    scaleMetrics(deps.metrics).partialsPublished.inc(messagesOut.length - 1);
    if (commitAt !== undefined) km.commits.inc();
  }

  async function advance(p: PartitionState, idle: boolean, readTo?: number): Promise<void> {
    const closed = idle ? p.windows.closeAll() : p.windows.advance();
    if (closed === null && idle === p.idle) return;
    p.idle = idle;
    const source = key(p.topic, p.partition);
    const out: PartialsMessage[] = [];
    if (closed) for (const { windowStart, closed: c } of chunksByWindowStart(closed)) out.push({ type: 'partial', source, windowStart, closed: c });
    out.push({ type: 'marker', source, closedBefore: p.windows.closedBefore(), idle, ...(idle && readTo !== undefined ? { readTo } : {}) });
    await publish(p, out);
  }

  async function eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const p = parts.get(key(batch.topic, batch.partition));
    if (!p) return;
    const encoding = cfg.encoding.topics[batch.topic] ?? cfg.encoding.default;
    for (const m of batch.messages) {
      if (!isRunning() || isStale()) return;
      taken = undefined;
      const which = signalOf(batch.topic, m.headers);
      const r =
        'skip' in which
          ? { kind: 'empty' as const }
          : 'poison' in which
            ? { kind: 'poison' as const, reason: 'unknown_signal', message: which.poison }
            : m.value && m.value.byteLength > 0 && m.value.byteLength <= opts.maxBodyBytes
              ? outcomeOf(which.signal, encoding === 'otlp_json' ? 'json' : 'protobuf', await handle(which.signal, m.value, CONTENT_TYPE[encoding]), true)
              : { kind: 'poison' as const, reason: m.value?.byteLength ? 'too_large' : 'bad_payload', message: 'empty or oversized message value' };
      messages++;
      let newestWindow = -Infinity;
      if (r.kind === 'poison') {
        deadLetters++;
        km.deadLetters.inc({ topic: batch.topic, reason: r.reason });
        await dlq.send({ topic: batch.topic, partition: batch.partition, offset: m.offset, key: m.key, value: m.value, reason: r.reason, error: r.message }, deps.clock.now());
      } else if (taken) {
        const added = p.windows.add(taken);
        newestWindow = added.newestWindow;
        if (added.dropped) deps.metrics.rejected.inc({ signal: 'any', reason: 'already_stored' }, added.dropped);
      }
      km.messages.inc({ topic: batch.topic, outcome: r.kind === 'poison' ? 'dead_lettered' : r.kind === 'accepted' ? 'accepted' : 'empty' });
      p.pending.push({ offset: Number(m.offset), newestWindow });
      p.nextOffset = Number(m.offset) + 1;
      p.lastReadWall = deps.clock.now();
      resolveOffset(m.offset);
      await heartbeat();
    }
    const behind = Math.max(0, Number(batch.highWatermark) - (p.nextOffset ?? 0));
    lag.set(key(batch.topic, batch.partition), behind);
    km.lag.set({ topic: batch.topic, partition: String(batch.partition) }, behind);
    // Behind (a replayed backlog, a catch-up after an outage), close windows at most once a second per partition:
    // each close is a Kafka transaction (partials, marker, offset commit) and a replay reaches a new window every few
    // batches. Deferring is safe: nothing is published or committed until then, and a crash replays from the last
    // commit. Caught up, every batch closes what its watermark allows, as before.
    const now = deps.clock.now();
    if (behind === 0 || now - p.lastAdvanceWall >= ADVANCE_WHILE_BEHIND_MS) {
      p.lastAdvanceWall = now;
      await advance(p, false);
    }
  }

  async function assigned(list: { topic: string; partition: number }[]): Promise<void> {
    const keep = new Set(list.map((a) => key(a.topic, a.partition)));
    for (const k of [...parts.keys()]) if (!keep.has(k)) parts.delete(k); // a new owner replays them
    const fresh = list.filter((a) => !parts.has(key(a.topic, a.partition)));
    for (const a of list) {
      const p = parts.get(key(a.topic, a.partition));
      if (p?.nextOffset !== undefined) consumer!.seek({ topic: a.topic, partition: a.partition, offset: String(p.nextOffset) });
    }
    if (!fresh.length) return;
    const topics = [...new Set(fresh.map((a) => a.topic))];
    const committed = await admin!.fetchOffsets({ groupId: cfg.groupId, topics });
    for (const a of fresh) {
      const c = committed.find((t) => t.topic === a.topic)?.partitions.find((x) => x.partition === a.partition) as { offset: string; metadata?: string | null } | undefined;
      const before = c?.metadata ? Number(c.metadata) : -Infinity;
      const from = Number(c?.offset ?? -1);
      const p: PartitionState = { topic: a.topic, partition: a.partition, windows: createPartitionWindows(opts, Number.isFinite(before) ? before : -Infinity), pending: [], nextOffset: from >= 0 ? from : undefined, lastReadWall: deps.clock.now(), lastAdvanceWall: deps.clock.now(), idle: false };
      parts.set(key(a.topic, a.partition), p);
    }
    log.info('scale-out partitions assigned', { partitions: [...keep] });
  }

  /** Caught-up partitions quiet for `idleMs` close their windows and say so (an empty partition right away). */
  async function checkIdle(): Promise<void> {
    const offsets = new Map<string, { high: string; low: string }>();
    for (const topic of new Set([...parts.values()].map((p) => p.topic))) {
      for (const o of await admin!.fetchTopicOffsets(topic)) offsets.set(key(topic, o.partition), o);
    }
    for (const p of parts.values()) {
      if (p.idle) continue;
      const o = offsets.get(key(p.topic, p.partition));
      // Fresh high watermarks only: a partition caught up at its last batch may have new records this instance has
      // not fetched yet (busy with other partitions); closing it then would drop them as already published.
      const caughtUp = o !== undefined && (Number(o.high) === Number(o.low) || (p.nextOffset !== undefined && p.nextOffset >= Number(o.high)));
      if (caughtUp && deps.clock.now() - p.lastReadWall >= opts.idleMs) await advance(p, true, Number(o.high));
    }
  }

  return {
    async start() {
      admin = deps.client.admin();
      await admin.connect();
      producer = deps.client.producer({ transactionalId: `${cfg.groupId}-raw-${randomBytes(6).toString('hex')}`, idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      await dlq.start();
      // Heartbeat every second (kafkajs: 3 s): a member learns of a rebalance at its next heartbeat, so an instance
      // that joins (scale out) or takes over a dead one's partitions starts reading within about a second.
      consumer = deps.client.consumer({ groupId: cfg.groupId, allowAutoTopicCreation: false, maxBytesPerPartition: 256 * 1024, heartbeatInterval: 1_000 });
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        const list = Object.entries(e.payload.memberAssignment).flatMap(([topic, ps]) => ps.map((partition) => ({ topic, partition })));
        serial(() => assigned(list)).catch((err: unknown) => log.warn('assignment handling failed', { err }));
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [...new Set(cfg.topics)], fromBeginning: true });
      await consumer.run({
        autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: 1,
        eachBatch: (payload) => serial(() => eachBatch(payload)),
      });
      idleTimer = setInterval(() => {
        serial(checkIdle).catch((err: unknown) => log.warn('idle check failed', { err }));
      }, Math.max(200, Math.min(2_000, opts.idleMs / 2)));
      idleTimer.unref();
      log.info('scale-out raw worker started', { topics: cfg.topics, partialsTopic: opts.partialsTopic });
    },
    async stop() {
      if (idleTimer) clearInterval(idleTimer);
      await serial(async () => undefined);
      await consumer?.disconnect();
      await producer?.disconnect();
      await dlq.stop();
      await admin?.disconnect();
    },
    status() {
      let behind = 0;
      for (const v of lag.values()) behind += v;
      return { partitions: parts.size, messages, deadLetters, lag: behind };
    },
  };
}
