/**
 * Self time of request spans: duration minus the durations of their direct local children (best
 * effort). Children usually end, and are exported, before their parent, so both orders are handled:
 * recent request spans wait in one map, children whose parent was not seen yet in another. Both are
 * generational, which bounds memory without per-entry timestamps.
 */
import type { SpanRecord } from '../core/index.js';
import { GenerationalMap } from './generational-map.js';

/** The operation series of a request span; `owner` is its service-level series. */
export interface SelfTimeTarget {
  selfTime: number;
  owner: { selfTime: number } | null;
}

export class SelfTimeTracker {
  /** spanId → the operation series of a recent request span (not the span: nothing per span is kept alive). */
  private readonly parents: GenerationalMap<SelfTimeTarget>;
  /** parentSpanId → summed child durations in integer microseconds (small integers are not boxed). */
  private readonly orphans: GenerationalMap<number>;

  constructor(generationSize: number) {
    this.parents = new GenerationalMap(generationSize);
    this.orphans = new GenerationalMap(generationSize);
  }

  /** A request span arrived; returns child time (ms) already seen for it. */
  parent(span: SpanRecord, target: SelfTimeTarget): number {
    this.parents.set(span.spanId, target);
    const us = this.orphans.get(span.spanId);
    if (us === undefined) return 0;
    this.orphans.delete(span.spanId);
    return us / 1000;
  }

  /** A local child arrived: subtracted from its parent's series when seen, else remembered. */
  child(span: SpanRecord, durationMs: number): void {
    const p = this.parents.get(span.parentSpanId);
    if (p !== undefined) {
      p.selfTime -= durationMs;
      if (p.owner !== null) p.owner.selfTime -= durationMs;
      return;
    }
    const us = Math.round(durationMs * 1000);
    const prev = this.orphans.get(span.parentSpanId);
    this.orphans.set(span.parentSpanId, prev === undefined ? us : prev + us);
  }
}
