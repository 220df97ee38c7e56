/**
 * Self time of request spans: duration minus the time covered by their direct local children (best effort).
 * Covered time is the union of the children's intervals clipped to the parent's: a fan-out of three parallel
 * 70 ms calls inside a 100 ms request leaves 30 ms of own work, not −110 ms (summing durations would wipe out the
 * self time of every other request in the window). Children usually end, and are exported, before their parent,
 * so both orders are handled: recent request spans wait in one map, children whose parent was not seen yet in
 * another. Both are generational, which bounds memory without per-entry timestamps.
 */
import { SpanKind, type SpanRecord } from '../core/index.js';
import { GenerationalMap } from './generational-map.js';

/** The operation series of a request span; `owner` is its service-level series. */
export interface SelfTimeTarget {
  selfTime: number;
  owner: { selfTime: number } | null;
}

interface ParentEntry {
  target: SelfTimeTarget;
  start: number;
  end: number;
  /** Disjoint covered intervals, sorted, flat: [start0, end0, start1, end1, …] (ms). */
  covered: number[];
}

export class SelfTimeTracker {
  /** spanId → the request span's interval, covered time and series (not the span: nothing per span is kept alive). */
  private readonly parents: GenerationalMap<ParentEntry>;
  /** parentSpanId → child intervals seen before their parent, flat [start, end, …] (ms). */
  private readonly orphans: GenerationalMap<number[]>;

  constructor(generationSize: number) {
    this.parents = new GenerationalMap(generationSize);
    this.orphans = new GenerationalMap(generationSize);
  }

  /**
   * A request span arrived; returns the child time (ms) already seen for it. A root CLIENT or PRODUCER span (a load
   * generator, a cron job's call) is a request that is itself the outgoing call: its whole interval is time spent
   * in the callee and on the wire, so it covers itself and has no self time. Counted as own work, every slowdown
   * anywhere below it became this caller's self time, and it paged and ranked as a culprit (bench/foreign).
   */
  parent(span: SpanRecord, target: SelfTimeTarget): number {
    const entry: ParentEntry = { target, start: span.startMs, end: span.endMs, covered: [] };
    this.parents.set(span.spanId, entry);
    const pending = this.orphans.take(span.spanId);
    let ms = 0;
    if (pending !== undefined) for (let i = 0; i < pending.length; i += 2) ms += cover(entry, pending[i], pending[i + 1]);
    if (span.kind === SpanKind.CLIENT || span.kind === SpanKind.PRODUCER) ms += cover(entry, span.startMs, span.endMs);
    return ms;
  }

  /** A local child arrived: the time it newly covers is subtracted from its parent's series, else remembered. */
  child(span: SpanRecord): void {
    const p = this.parents.get(span.parentSpanId);
    if (p !== undefined) {
      const ms = cover(p, span.startMs, span.endMs);
      if (ms > 0) {
        p.target.selfTime -= ms;
        if (p.target.owner !== null) p.target.owner.selfTime -= ms;
      }
      return;
    }
    const prev = this.orphans.get(span.parentSpanId);
    if (prev === undefined) this.orphans.set(span.parentSpanId, [span.startMs, span.endMs]);
    else prev.push(span.startMs, span.endMs);
  }
}

/** Adds [s, e) clipped to the parent to its covered set; returns the ms it newly covers. */
export function cover(p: { start: number; end: number; covered: number[] }, s0: number, e0: number): number {
  let s = Math.max(s0, p.start);
  let e = Math.min(e0, p.end);
  if (!(e > s)) return 0;
  const c = p.covered;
  // Fast path, the common case: sequential children arrive after what is covered.
  if (c.length === 0 || s > c[c.length - 1]) {
    c.push(s, e);
    return e - s;
  }
  let added = e - s;
  const out: number[] = [];
  let i = 0;
  for (; i < c.length && c[i + 1] < s; i += 2) out.push(c[i], c[i + 1]);
  // Every existing interval touching [s, e) is merged into it; its overlap was covered already.
  for (; i < c.length && c[i] <= e; i += 2) {
    added -= Math.max(0, Math.min(c[i + 1], e) - Math.max(c[i], s));
    s = Math.min(s, c[i]);
    e = Math.max(e, c[i + 1]);
  }
  out.push(s, e);
  for (; i < c.length; i += 2) out.push(c[i], c[i + 1]);
  p.covered = out;
  return added;
}
