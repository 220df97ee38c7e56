/**
 * Scale-out, merge side: the partials topic has one partition, so Kafka gives it to exactly one instance of the
 * merge group and moves it on a rebalance. Its owner keeps every raw partition's marker, merges the partials of a
 * window start once every raw partition has published past it (idle partitions do not hold the merge back), and
 * hands the merged windows to its pipeline where closed windows leave the aggregator: stored, detected, grouped
 * into incidents, root causes. Then it stores its own checkpoint (merged-before and the markers) and commits the
 * partials it no longer needs; a new owner restores the checkpoint and replays from that commit.
 */
import type { Consumer, EachBatchPayload, Kafka, Admin } from 'kafkajs';
import type { StateStore } from '../core/index.js';
import type { ClosedWindows } from '../features/aggregator-types.js';
import type { AiopsMetrics } from '../obs/metrics.js';
import type { Logger } from '../obs/logger.js';
import { createSerial } from '../pipeline/serial.js';
import { decodePartials } from './partials-codec.js';
import { mergePartials } from './merge-windows.js';
import { scaleMetrics } from './scale-metrics.js';

export const MERGE_STATE_KEY = 'scale.merge.v1';

interface Marker {
  closedBefore: number;
  idle: boolean;
  /** For an idle marker: the raw partition's offset read to when it went idle (absent from older versions). */
  readTo?: number;
}
interface MergeState {
  mergedBefore: number;
  markers: Record<string, Marker>;
  /** Partials-topic offset read up to when this was stored: the markers describe what came before it. */
  readUpTo?: number;
}

export interface MergerOptions {
  groupId: string;
  rawTopics: string[];
  partialsTopic: string;
}

export interface MergerDeps {
  client: Kafka;
  state: StateStore;
  metrics: AiopsMetrics;
  logger: Logger;
  /** The pipeline's entry for closed windows (Pipeline.consumeClosed). */
  consumeClosed(closed: ClosedWindows): Promise<void>;
  /** Called when this instance becomes the merge owner, with where the previous owner stopped. */
  takeOver?(mergedBefore: number): Promise<void>;
}

export interface Merger {
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): { owner: boolean; mergedBefore: number; pendingWindows: number };
}

export function createMerger(opts: MergerOptions, deps: MergerDeps): Merger {
  const log = deps.logger.child({ component: 'scale-merge' });
  const serial = createSerial();
  const sm = scaleMetrics(deps.metrics);
  let consumer: Consumer | undefined;
  let admin: Admin | undefined;
  let expected: string[] = [];
  let owner = false;
  let st: MergeState = { mergedBefore: -Infinity, markers: {} };
  const pending = new Map<number, ClosedWindows[]>();
  /**
   * Markers read in this ownership, in stream order: a partial behind its source's marker here is a republication
   * (a raw partition's new owner replaying). The restored markers cannot tell that: the replay starts before some
   * of them, and the partials it re-reads there are the originals.
   */
  const seenMarkers = new Map<string, number>();
  /** Partials-topic offsets read, with the window each carried (markers: none), until the merge covers them. */
  let offsets: { offset: number; windowStart: number }[] = [];
  /** Next partials offset to read; a new owner merges nothing until its replay passes the stored `readUpTo`. */
  let readNext = 0;
  let holdUntil = 0;

  /**
   * Idle raw partitions that have received records since they went idle: they hold the merge at their marker until
   * their owner — the same instance, or after a kill -9 the one the group gives them to — publishes past it. Trusting
   * the idle mark merged every window after a kill short of that partition's records (its new owner's partials came
   * after the merge and were refused as already merged).
   */
  async function idleButWritten(): Promise<Set<string>> {
    const idle = expected.filter((s) => st.markers[s]?.idle && st.markers[s]!.readTo !== undefined);
    const out = new Set<string>();
    if (idle.length === 0) return out;
    try {
      for (const topic of new Set(idle.map((s) => s.slice(0, s.lastIndexOf('/'))))) {
        for (const o of await admin!.fetchTopicOffsets(topic)) {
          const source = `${topic}/${o.partition}`;
          const m = st.markers[source];
          if (m?.idle && m.readTo !== undefined && Number(o.high) > m.readTo) out.add(source);
        }
      }
    } catch (e) {
      // Offsets unknown: every idle mark holds the merge until the next partials batch asks again.
      log.warn('raw partition offsets unavailable; idle partitions hold the merge', { err: e });
      return new Set(idle);
    }
    return out;
  }

  function boundary(written: Set<string>): number {
    let active = Infinity;
    let idleMax = -Infinity;
    for (const s of expected) {
      const m = st.markers[s];
      if (!m) return -Infinity; // a partition not heard from yet holds everything back
      if (m.idle && !written.has(s)) idleMax = Math.max(idleMax, m.closedBefore);
      else active = Math.min(active, m.closedBefore);
    }
    return active === Infinity ? idleMax : active;
  }

  async function mergeUpTo(b: number): Promise<number | undefined> {
    if (!(b > st.mergedBefore)) return undefined;
    for (const ws of [...pending.keys()].filter((w) => w < b).sort((x, y) => x - y)) {
      await deps.consumeClosed(mergePartials(pending.get(ws)!));
      pending.delete(ws);
    }
    st.mergedBefore = b;
    st.readUpTo = readNext;
    sm.mergedBefore.set(b / 1000);
    await deps.state.put(MERGE_STATE_KEY, st);
    let settled = 0;
    while (settled < offsets.length && offsets[settled]!.windowStart < b) settled++;
    const commitAt = settled ? offsets[settled - 1]!.offset + 1 : undefined;
    offsets = offsets.slice(settled);
    return commitAt;
  }

  async function eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    for (const m of batch.messages) {
      if (!isRunning() || isStale()) return;
      let windowStart = -Infinity;
      try {
        const msg = decodePartials(m.value ?? Buffer.alloc(0));
        if (msg.type === 'marker') {
          st.markers[msg.source] = { closedBefore: Math.max(msg.closedBefore, st.markers[msg.source]?.closedBefore ?? -Infinity), idle: msg.idle, ...(msg.readTo !== undefined ? { readTo: msg.readTo } : {}) };
          seenMarkers.set(msg.source, Math.max(msg.closedBefore, seenMarkers.get(msg.source) ?? -Infinity));
        } else if (msg.windowStart < st.mergedBefore || msg.windowStart < (seenMarkers.get(msg.source) ?? -Infinity)) {
          // Already merged, or published again by a partition's new owner replaying what its marker covers.
          deps.metrics.rejected.inc({ signal: 'any', reason: 'already_stored' });
        } else {
          windowStart = msg.windowStart;
          const list = pending.get(windowStart) ?? [];
          list.push(msg.closed);
          pending.set(windowStart, list);
        }
      } catch (e) {
        deps.metrics.rejected.inc({ signal: 'any', reason: 'bad_partial' });
        log.warn('undecodable partials message skipped', { offset: m.offset, err: e });
      }
      offsets.push({ offset: Number(m.offset), windowStart });
      readNext = Number(m.offset) + 1;
      resolveOffset(m.offset);
    }
    // The restored markers are ahead of a replay: merging on them before the replay re-read the partials they
    // cover would merge windows short of those partials.
    if (readNext < holdUntil) return;
    const commitAt = await mergeUpTo(boundary(await idleButWritten()));
    if (commitAt !== undefined) await consumer!.commitOffsets([{ topic: opts.partialsTopic, partition: 0, offset: String(commitAt) }]);
    await heartbeat();
  }

  async function assigned(partitions: number[]): Promise<void> {
    const was = owner;
    owner = partitions.includes(0);
    sm.mergeOwner.set(owner ? 1 : 0);
    if (!owner || was) return;
    st = (await deps.state.get<MergeState>(MERGE_STATE_KEY)) ?? { mergedBefore: -Infinity, markers: {} };
    // JSON has no -Infinity: stored as null.
    st.mergedBefore ??= -Infinity;
    for (const m of Object.values(st.markers)) m.closedBefore ??= -Infinity;
    pending.clear();
    seenMarkers.clear();
    offsets = [];
    holdUntil = st.readUpTo ?? 0;
    if (Number.isFinite(st.mergedBefore)) await deps.takeOver?.(st.mergedBefore);
    log.info('merge owner', { mergedBefore: Number.isFinite(st.mergedBefore) ? new Date(st.mergedBefore).toISOString() : null });
  }

  return {
    async start() {
      admin = deps.client.admin();
      await admin.connect();
      const meta = await admin.fetchTopicMetadata({ topics: opts.rawTopics });
      expected = meta.topics.flatMap((t) => t.partitions.map((p) => `${t.name}/${p.partitionId}`));
      consumer = deps.client.consumer({ groupId: `${opts.groupId}-merge`, allowAutoTopicCreation: false, readUncommitted: false });
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        serial(() => assigned(e.payload.memberAssignment[opts.partialsTopic] ?? [])).catch((err: unknown) => log.warn('merge assignment failed', { err }));
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [opts.partialsTopic], fromBeginning: true });
      await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (p) => serial(() => eachBatch(p)) });
    },
    async stop() {
      await serial(async () => undefined);
      await consumer?.disconnect();
      await admin?.disconnect();
    },
    status: () => ({ owner, mergedBefore: st.mergedBefore, pendingWindows: pending.size }),
  };
}
