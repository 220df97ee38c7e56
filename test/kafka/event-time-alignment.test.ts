import { describe, expect, it } from 'vitest';
import { createEventTimeAlignment } from '../../src/ingest/kafka/event-time-alignment.js';

const MIN = 60_000;

describe('event-time alignment of partitions replaying a backlog', () => {
  it('holds a partition that runs ahead until an assigned partition with a backlog has delivered', () => {
    const a = createEventTimeAlignment({ alignMs: 2.5 * MIN });
    a.assigned(['spans/0', 'spans/1', 'metrics/0'], 0);
    a.backlog('spans/0', 100);
    a.backlog('spans/1', 80);
    a.backlog('metrics/0', 12);
    // metrics/0 delivers first: spans/1 has not delivered anything yet, so its records may be older than anything.
    expect(a.delivered('metrics/0', 11, 20 * MIN, 1)).toBe(true);
    expect(a.mayResume('metrics/0', 2)).toBe(false);
    expect(a.delivered('spans/0', 99, 8 * MIN, 3)).toBe(true);
    expect(a.delivered('spans/1', 79, 7 * MIN, 4)).toBe(false);
    // spans/0 (8 min) is within 2.5 min of the slowest (spans/1 at 7 min); metrics (20 min) is not.
    expect(a.mayResume('spans/0', 5)).toBe(true);
    expect(a.mayResume('metrics/0', 5)).toBe(false);
    a.delivered('spans/1', 0, 18 * MIN, 6);
    a.delivered('spans/0', 0, 19 * MIN, 7);
    // Both span partitions caught up (lag 0): nothing lags any more.
    expect(a.mayResume('metrics/0', 8)).toBe(true);
  });

  it('does not wait for a partition the broker says is empty, nor for one unknown past the grace', () => {
    const a = createEventTimeAlignment({ alignMs: 2.5 * MIN, unknownGraceMs: 1_000 });
    a.assigned(['t/0', 't/1', 't/2'], 0);
    a.backlog('t/1', 0);
    a.backlog('t/0', 50);
    // t/2's backlog is unknown (broker offsets not fetched): t/0 waits for it within the grace, not after.
    expect(a.delivered('t/0', 49, 30 * MIN, 10)).toBe(true);
    expect(a.mayResume('t/0', 500)).toBe(false);
    expect(a.mayResume('t/0', 1_500)).toBe(true);
  });

  it('forgets a revoked partition so it no longer holds the others back', () => {
    const a = createEventTimeAlignment({ alignMs: MIN });
    a.assigned(['t/0', 't/1'], 0);
    a.backlog('t/0', 10);
    a.backlog('t/1', 10);
    a.delivered('t/1', 9, 1 * MIN, 1);
    expect(a.delivered('t/0', 9, 10 * MIN, 2)).toBe(true);
    a.forget('t/1');
    expect(a.mayResume('t/0', 3)).toBe(true);
  });
});
