/**
 * Event-time alignment of the partitions one consumer reads. Windows close on each node's watermark (newest event
 * time seen − AIOPS_ALLOWED_LATENESS). When a backlog is replayed (after a crash, or a consumer that fell behind), the
 * partitions are read in whatever order the broker's fetches deliver them: a partition read far ahead would close
 * windows that the others still hold records for, and those records would count as late, lost for good. So a
 * partition more than `alignMs` (half the lateness) ahead of the slowest partition still behind its high watermark
 * waits until that one catches up.
 *
 * A partition assigned with a backlog but not yet delivered is the slowest of all (its event time is unknown, it may
 * hold the oldest records): everything else waits for its first message. Which assigned partitions hold a backlog
 * is learned from the broker's offsets at assignment (kafkajs never hands an empty partition to eachBatch, so an
 * empty one would otherwise hold the rest forever); a partition unknown for longer than `unknownGraceMs` stops
 * holding the others (broker offsets unavailable or stale), which trades exact counts for progress.
 *
 * Pure bookkeeping: no Kafka calls; keys are "topic/partition".
 */

export interface EventTimeAlignment {
  /** Partitions just assigned whose backlog is not known yet (call at each rebalance, before any delivery). */
  assigned(keys: string[], nowMs: number): void;
  /** The broker's offsets for an assigned partition: lag 0 means nothing to replay there. */
  backlog(key: string, lag: number): void;
  /** A delivered message: its lag behind the high watermark and the newest window it touched (ms; -Infinity: none).
   *  True when the partition is now too far ahead and must pause. */
  delivered(key: string, lag: number, newestWindowMs: number, nowMs: number): boolean;
  /** Whether a partition paused for being ahead may resume now. */
  mayResume(key: string, nowMs: number): boolean;
  /** Forgets a partition (revoked). */
  forget(key: string): void;
}

export function createEventTimeAlignment(cfg: { alignMs: number; unknownGraceMs?: number }): EventTimeAlignment {
  const grace = cfg.unknownGraceMs ?? 60_000;
  const eventTime = new Map<string, number>();
  const caughtUp = new Set<string>();
  /** Assigned, backlog not known to be empty, nothing delivered yet: key → when assigned. */
  const unknown = new Map<string, number>();

  /** The oldest event time among partitions still behind their high watermark, other than `except`. */
  function laggingFloor(except: string, nowMs: number): number {
    let floor = Infinity;
    for (const [k, since] of unknown) if (k !== except && nowMs - since < grace) return -Infinity;
    for (const [k, t] of eventTime) if (k !== except && !caughtUp.has(k) && t < floor) floor = t;
    return floor;
  }

  return {
    assigned(keys, nowMs) {
      for (const k of keys) if (!eventTime.has(k)) unknown.set(k, nowMs);
    },
    backlog(key, lag) {
      if (lag > 0 || !unknown.has(key)) return;
      unknown.delete(key);
      caughtUp.add(key);
    },
    delivered(key, lag, newestWindowMs, nowMs) {
      unknown.delete(key);
      if (lag <= 0) caughtUp.add(key);
      else caughtUp.delete(key);
      if (newestWindowMs > (eventTime.get(key) ?? -Infinity)) eventTime.set(key, newestWindowMs);
      const t = eventTime.get(key) ?? -Infinity;
      return lag > 0 && t > laggingFloor(key, nowMs) + cfg.alignMs;
    },
    mayResume(key, nowMs) {
      const floor = laggingFloor(key, nowMs);
      return floor === Infinity || (eventTime.get(key) ?? -Infinity) <= floor + cfg.alignMs;
    },
    forget(key) {
      eventTime.delete(key);
      caughtUp.delete(key);
      unknown.delete(key);
    },
  };
}
