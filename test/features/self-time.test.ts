import { describe, expect, it } from 'vitest';
import { SpanKind, type SpanRecord } from '../../src/core/index.js';
import { cover, SelfTimeTracker, type SelfTimeTarget } from '../../src/features/self-time.js';

const span = (spanId: string, parentSpanId: string, startMs: number, endMs: number) => ({ spanId, parentSpanId, startMs, endMs }) as SpanRecord;

describe('self time', () => {
  it('subtracts the union of parallel children, not the sum of their durations', () => {
    const tracker = new SelfTimeTracker(100);
    const owner = { selfTime: 100 };
    const op: SelfTimeTarget = { selfTime: 100, owner };
    expect(tracker.parent(span('p', '', 0, 100), op)).toBe(0);
    // 30 ms of own work, then three parallel calls of 70 ms.
    for (const id of ['a', 'b', 'c']) tracker.child(span(id, 'p', 30, 100));
    expect(op.selfTime).toBe(30);
    expect(owner.selfTime).toBe(30);
  });

  it('counts children that arrived before their parent, clipped to the parent', () => {
    const tracker = new SelfTimeTracker(100);
    tracker.child(span('a', 'p', 10, 40));
    tracker.child(span('b', 'p', 30, 60));
    tracker.child(span('c', 'p', 90, 130)); // outlives its parent: only 10 ms inside it
    expect(tracker.parent(span('p', '', 0, 100), { selfTime: 100, owner: null })).toBe(50 + 10);
  });

  it('gives a root CLIENT or PRODUCER request no self time: the span is the call, its time is the callee\'s and the wire\'s', () => {
    for (const kind of [SpanKind.CLIENT, SpanKind.PRODUCER]) {
      const tracker = new SelfTimeTracker(100);
      tracker.child(span('early', 'root', 10, 30));
      const op: SelfTimeTarget = { selfTime: 100, owner: null };
      // The caller subtracts what parent() returns: the whole 100 ms, the child seen before it included once.
      expect(tracker.parent({ ...span('root', '', 0, 100), kind }, op)).toBe(100);
      // A local child arriving later covers nothing new (no negative self time).
      tracker.child(span('late', 'root', 40, 60));
      expect(op.selfTime).toBe(100);
    }
    // A root SERVER span keeps its own work.
    const tracker = new SelfTimeTracker(100);
    expect(tracker.parent({ ...span('s', '', 0, 100), kind: SpanKind.SERVER }, { selfTime: 100, owner: null })).toBe(0);
  });

  it('merges intervals in any order', () => {
    const p = { start: 0, end: 100, covered: [] as number[] };
    expect(cover(p, 50, 60)).toBe(10);
    expect(cover(p, 0, 10)).toBe(10);
    expect(cover(p, 5, 55)).toBe(50 - 5 - 5);
    expect(cover(p, 20, 30)).toBe(0);
    expect(cover(p, 60, 60)).toBe(0);
    expect(cover(p, 58, 200)).toBe(40);
    expect(p.covered).toEqual([0, 100]);
  });
});
