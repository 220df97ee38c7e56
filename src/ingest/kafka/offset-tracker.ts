/**
 * Which Kafka offsets may be committed: a message's offset is committed only once every feature window its records
 * fell into has been written to the store together with the aggregator checkpoint that marks it written. After a
 * crash the consumer replays from the committed offsets: windows the checkpoint marks written drop the replayed
 * records as late, windows that were still open are rebuilt from the replay in full. Nothing accepted is lost and
 * nothing is counted twice (window writes are upserts keyed by series and window).
 *
 * Pure bookkeeping: no Kafka, no store. `needsOf` says which windows a decoded batch touches.
 */
import { SpanKind, type TelemetryBatch } from '../../core/index.js';
import { strongCallee, type CalleeSlot } from '../../features/callee-names.js';

/** Node name → start of the newest window (epoch ms) the message's records touched on that node. */
export type WindowNeeds = Map<string, number>;

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  /** The next offset to read (Kafka's commit convention). */
  offset: string;
}

interface Pending {
  offset: number;
  needs: WindowNeeds;
}

interface PartitionTrack {
  topic: string;
  partition: number;
  pending: Pending[];
  /** Next offset to commit (last settled + 1); -1 until a message is settled. */
  settledNext: number;
  committedNext: number;
}

const slot: CalleeSlot = { name: '', kind: 'service' };

function need(needs: WindowNeeds, node: string, ws: number): void {
  const prev = needs.get(node);
  if (prev === undefined || ws > prev) needs.set(node, ws);
}

/**
 * The windows a batch's records land in: the reporting service's for every item, and for client calls to a
 * database or messaging node the callee's own row (it has its own watermark and closes on its own).
 */
export function needsOf(batch: TelemetryBatch, windowMs: number): WindowNeeds {
  const needs: WindowNeeds = new Map();
  const ws = (t: number) => Math.floor(t / windowMs) * windowMs;
  for (const s of batch.spans) {
    need(needs, s.service, ws(s.startMs));
    if ((s.kind === SpanKind.CLIENT || s.kind === SpanKind.PRODUCER) && strongCallee(s, slot) && slot.kind !== 'service') {
      need(needs, slot.name, ws(s.startMs));
    }
  }
  for (const m of batch.metrics) need(needs, m.service, ws(m.timeMs));
  for (const l of batch.logs) need(needs, l.service, ws(l.timeMs));
  return needs;
}

/** The oldest and newest window a batch's records fall into ([Infinity, -Infinity] when it has none). */
export function windowRange(batch: TelemetryBatch, windowMs: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  const see = (t: number) => {
    const ws = Math.floor(t / windowMs) * windowMs;
    if (ws < lo) lo = ws;
    if (ws > hi) hi = ws;
  };
  for (const s of batch.spans) see(s.startMs);
  for (const m of batch.metrics) see(m.timeMs);
  for (const l of batch.logs) see(l.timeMs);
  return [lo, hi];
}

function satisfied(needs: WindowNeeds, closedBefore: Record<string, number>): boolean {
  for (const [node, ws] of needs) {
    const cb = closedBefore[node];
    if (cb === undefined || cb <= ws) return false;
  }
  return true;
}

export interface OffsetTracker {
  /** Records a message handed to the pipeline (or settled without data: empty needs). Offsets per partition ascend. */
  add(topic: string, partition: number, offset: string, needs: WindowNeeds): void;
  /**
   * Given the checkpoint the store now holds (per node, the first window not yet written), settles what it covers
   * and returns, per partition, the offset that may now be committed (only partitions that moved).
   */
  durable(closedBefore: Record<string, number>): TopicPartitionOffset[];
  /** Marks offsets as committed (after Kafka acknowledged them). */
  committed(offsets: TopicPartitionOffset[]): void;
  /** The next offset this process reads on a partition it tracks (for a seek after a rebalance), if any. */
  nextToRead(topic: string, partition: number): string | undefined;
  /** Forgets partitions no longer assigned to this consumer. */
  retain(assigned: { topic: string; partition: number }[]): void;
  /** Messages read and not yet covered by a durable checkpoint. */
  pendingCount(): number;
}

export function createOffsetTracker(): OffsetTracker {
  const tracks = new Map<string, PartitionTrack>();
  const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

  function track(topic: string, partition: number): PartitionTrack {
    let t = tracks.get(key(topic, partition));
    if (!t) {
      t = { topic, partition, pending: [], settledNext: -1, committedNext: -1 };
      tracks.set(key(topic, partition), t);
    }
    return t;
  }

  return {
    add(topic, partition, offset, needs) {
      const t = track(topic, partition);
      const o = Number(offset);
      const last = t.pending.length ? t.pending[t.pending.length - 1]!.offset : t.settledNext - 1;
      if (o <= last) return; // a re-delivered offset already tracked
      t.pending.push({ offset: o, needs });
    },
    durable(closedBefore) {
      const moved: TopicPartitionOffset[] = [];
      for (const t of tracks.values()) {
        let i = 0;
        while (i < t.pending.length && satisfied(t.pending[i]!.needs, closedBefore)) i++;
        if (i === 0) continue;
        t.settledNext = t.pending[i - 1]!.offset + 1;
        t.pending.splice(0, i);
        if (t.settledNext > t.committedNext) moved.push({ topic: t.topic, partition: t.partition, offset: String(t.settledNext) });
      }
      return moved;
    },
    committed(offsets) {
      for (const o of offsets) {
        const t = tracks.get(key(o.topic, o.partition));
        if (t && Number(o.offset) > t.committedNext) t.committedNext = Number(o.offset);
      }
    },
    nextToRead(topic, partition) {
      const t = tracks.get(key(topic, partition));
      if (!t) return undefined;
      if (t.pending.length) return String(t.pending[t.pending.length - 1]!.offset + 1);
      return t.settledNext >= 0 ? String(t.settledNext) : undefined;
    },
    retain(assigned) {
      const keep = new Set(assigned.map((a) => key(a.topic, a.partition)));
      for (const k of [...tracks.keys()]) if (!keep.has(k)) tracks.delete(k);
    },
    pendingCount() {
      let n = 0;
      for (const t of tracks.values()) n += t.pending.length;
      return n;
    },
  };
}
