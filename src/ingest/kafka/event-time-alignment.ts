/**
 * Event-time alignment of the partitions one consumer reads. Windows close on each node's watermark (newest event
 * time seen − AIOPS_ALLOWED_LATENESS). When a backlog is replayed (after a crash, or a consumer that fell behind) or a
 * producer writes faster than real time, the partitions are read in whatever order the broker's fetches deliver them:
 * a record far ahead would close windows that other partitions still hold records for, and those records would count
 * as late, lost for good. So a message is admitted (`admits`, asked with its decoded windows before the pipeline sees
 * it) only if its newest window is at most `alignMs` (half the lateness) past the floor — the oldest event time another
 * partition may still deliver — or it is itself the oldest (so holds never deadlock). A held message waits, its
 * partition paused, until `mayResume`.
 *
 * Each other partition's part in the floor, for a message the producer wrote at time W:
 * - read through W (the broker's offsets, read at some time R ≥ W + `skewMs`, showed nothing unread): nothing older can
 *   come from it, assuming producers write in event-time order across partitions, as the Collector does — not counted;
 * - read through an earlier R: what it receives after R is written after R, so (same assumption) no older than the
 *   records written before R − `skewMs`: it counts at the newest of those this consumer has delivered — in live
 *   operation about now, so nothing waits; in a faster-than-real-time backfill, where it should;
 * - otherwise the newest window it delivered, or the oldest window of the message it holds; −∞ if it has shown
 *   nothing since it was assigned (its records may be the oldest of all);
 * - no news from it (delivery, hold or broker read) for `unknownGraceMs`: not counted — the broker's offsets are
 *   unavailable, and waiting longer trades progress for nothing.
 * "Read to the end" is a fact about a time, not a state: a partition read to its end a second ago may since have
 * received records of any age, and trusting such a claim let a partition run minutes ahead of another (the records
 * were dropped as late). `needsRead` says when a broker read would let a held message go.
 *
 * Pure bookkeeping: no Kafka calls; keys are "topic/partition"; times are epoch ms (message timestamps and the clock).
 */

export interface HeldMessage {
  /** Oldest and newest window start the message's records fall into. */
  oldestWindowMs: number;
  newestWindowMs: number;
  /** When the producer wrote it (the Kafka message timestamp). */
  writtenAtMs: number;
}

export interface EventTimeAlignment {
  /** Partitions just assigned (call at each rebalance, before any delivery). */
  assigned(keys: string[], nowMs: number): void;
  /** The broker's offsets for a partition, asked at `readAtMs`: lag ≤ 0 means everything written before then is read. */
  backlog(key: string, lag: number, readAtMs: number): void;
  /** Whether a decoded message may go to the pipeline now; false: hold it (pause, re-read once `mayResume`). */
  admits(key: string, message: HeldMessage, nowMs: number): boolean;
  /** A message handed to the pipeline, with the newest window it touched (and, for data, when it was written and its
   *  oldest window). */
  delivered(key: string, newestWindowMs: number, nowMs: number, written?: { writtenAtMs: number; oldestWindowMs: number }): void;
  /** Whether a partition holding a message may hand it over now. */
  mayResume(key: string, nowMs: number): boolean;
  /** Whether a held message waits on a partition that a broker read (started now) could show as read through. */
  needsRead(nowMs: number): boolean;
  /** Forgets a partition (revoked). */
  forget(key: string): void;
}

export function createEventTimeAlignment(cfg: { alignMs: number; unknownGraceMs?: number; skewMs?: number }): EventTimeAlignment {
  const grace = cfg.unknownGraceMs ?? 60_000;
  const skew = cfg.skewMs ?? 1_000;
  /** Lower bound of the event time a partition may still deliver: newest delivered, or oldest of a held message. */
  const eventTime = new Map<string, number>();
  /** Everything written to the partition before this time has been read (from the broker's offsets). */
  const readThrough = new Map<string, number>();
  /** For a partition read through some time R: the newest window written before R − skew (see the header). */
  const readFloor = new Map<string, number>();
  /** Delivered messages (write time, oldest window) not yet folded into `writtenBefore`. */
  let recent: [number, number][] = [];
  let writtenBefore = -Infinity;
  /** The newest oldest-window of delivered messages written at or before `t` (reads come in time order, so fold). */
  function newestWrittenBy(t: number): number {
    const keep: [number, number][] = [];
    for (const e of recent) {
      if (e[0] <= t) writtenBefore = Math.max(writtenBefore, e[1]);
      else keep.push(e);
    }
    recent = keep;
    return writtenBefore;
  }
  /** Last news from the partition: assignment, delivery, hold or broker read. */
  const lastSeen = new Map<string, number>();
  const held = new Map<string, HeldMessage>();

  const seen = (k: string, t: number) => lastSeen.set(k, Math.max(lastSeen.get(k) ?? -Infinity, t));

  /** The oldest event time a partition other than `except` may still deliver, judged for a message written at `writtenAt`. */
  function floorOf(except: string, writtenAt: number, nowMs: number): number {
    let floor = Infinity;
    for (const [k, last] of lastSeen) {
      if (k === except) continue;
      if ((readThrough.get(k) ?? -Infinity) >= writtenAt + skew) continue;
      if (nowMs - last > grace) continue;
      floor = Math.min(floor, Math.max(eventTime.get(k) ?? -Infinity, readFloor.get(k) ?? -Infinity));
    }
    return floor;
  }

  function fits(key: string, m: HeldMessage, nowMs: number): boolean {
    const floor = floorOf(key, m.writtenAtMs, nowMs);
    return m.newestWindowMs <= floor + cfg.alignMs || m.oldestWindowMs <= floor;
  }

  return {
    assigned(keys, nowMs) {
      for (const k of keys) seen(k, nowMs);
    },
    backlog(key, lag, readAtMs) {
      if (!lastSeen.has(key)) return; // not (or no longer) assigned
      seen(key, readAtMs);
      if (lag <= 0 && (readThrough.get(key) ?? -Infinity) < readAtMs) {
        readThrough.set(key, readAtMs);
        readFloor.set(key, Math.max(readFloor.get(key) ?? -Infinity, newestWrittenBy(readAtMs - skew)));
      }
    },
    admits(key, m, nowMs) {
      if (fits(key, m, nowMs)) {
        held.delete(key);
        return true;
      }
      // Everything this partition still delivers is at least as new as the message it now holds.
      held.set(key, m);
      seen(key, nowMs);
      if (m.oldestWindowMs > (eventTime.get(key) ?? -Infinity)) eventTime.set(key, m.oldestWindowMs);
      return false;
    },
    delivered(key, newestWindowMs, nowMs, written) {
      if (written) recent.push([written.writtenAtMs, written.oldestWindowMs]);
      held.delete(key);
      seen(key, nowMs);
      if (newestWindowMs > (eventTime.get(key) ?? -Infinity)) eventTime.set(key, newestWindowMs);
    },
    mayResume(key, nowMs) {
      const m = held.get(key);
      return m === undefined || fits(key, m, nowMs);
    },
    needsRead(nowMs) {
      for (const m of held.values()) if (nowMs >= m.writtenAtMs + skew) return true;
      return false;
    },
    forget(key) {
      eventTime.delete(key);
      readThrough.delete(key);
      readFloor.delete(key);
      lastSeen.delete(key);
      held.delete(key);
    },
  };
}
