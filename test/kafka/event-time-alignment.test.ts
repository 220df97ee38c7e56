import { describe, expect, it } from 'vitest';
import { createEventTimeAlignment } from '../../src/ingest/kafka/event-time-alignment.js';

const MIN = 60_000;
/** A message whose records all fall in the window starting at `minute`, written by the producer at `writtenAtMs`. */
const msg = (minute: number, writtenAtMs = 0, lastMinute = minute) => ({ oldestWindowMs: minute * MIN, newestWindowMs: lastMinute * MIN, writtenAtMs });

describe('event-time alignment of partitions replaying a backlog', () => {
  it('holds a message far ahead until the partitions with a backlog have shown theirs; the oldest always goes', () => {
    const a = createEventTimeAlignment({ alignMs: 2.5 * MIN });
    a.assigned(['spans/0', 'spans/1', 'metrics/0'], 0);
    a.backlog('spans/0', 100, 0);
    a.backlog('spans/1', 80, 0);
    a.backlog('metrics/0', 12, 0);
    // metrics/0 comes first: the span partitions have shown nothing, their records may be older than anything.
    expect(a.admits('metrics/0', msg(20), 1)).toBe(false);
    expect(a.mayResume('metrics/0', 2)).toBe(false);
    // spans/0's first message is older than the one metrics/0 holds, but spans/1 has shown nothing yet.
    expect(a.admits('spans/0', msg(8), 3)).toBe(false);
    // spans/1 holds the oldest message of all: it goes.
    expect(a.admits('spans/1', msg(7), 4)).toBe(true);
    a.delivered('spans/1', 7 * MIN, 4);
    // spans/0 (8 min) is within 2.5 min of spans/1 (7 min); metrics (20 min) is not.
    expect(a.mayResume('spans/0', 5)).toBe(true);
    expect(a.mayResume('metrics/0', 5)).toBe(false);
    a.delivered('spans/0', 8 * MIN, 5);
    a.delivered('spans/1', 18 * MIN, 6);
    expect(a.mayResume('metrics/0', 7)).toBe(false); // spans/0 is still at 8 min
    a.delivered('spans/0', 19 * MIN, 7);
    expect(a.mayResume('metrics/0', 8)).toBe(true);
  });

  it('judges a message by its newest window before the pipeline sees it: one message may not jump the watermark', () => {
    const a = createEventTimeAlignment({ alignMs: 2.5 * MIN });
    a.assigned(['spans/0', 'metrics/0'], 0);
    a.backlog('spans/0', 100, 0);
    a.backlog('metrics/0', 1, 0);
    expect(a.admits('spans/0', msg(10), 1)).toBe(false); // metrics/0 has shown nothing yet
    // The only message of metrics/0 (nothing unread after it) is 10 minutes ahead: held, not admitted.
    expect(a.admits('metrics/0', msg(20), 2)).toBe(false);
    expect(a.mayResume('spans/0', 2)).toBe(true);
    a.delivered('spans/0', 10 * MIN, 2);
    expect(a.mayResume('metrics/0', 2)).toBe(false);
    a.delivered('spans/0', 17 * MIN, 3);
    expect(a.mayResume('metrics/0', 3)).toBe(false);
    a.delivered('spans/0', 18 * MIN, 4);
    expect(a.mayResume('metrics/0', 4)).toBe(true);
  });

  it('lets a partition read through a time pass only for messages written before that time', () => {
    const a = createEventTimeAlignment({ alignMs: MIN, skewMs: 1_000 });
    a.assigned(['t/0', 't/1'], 0);
    a.backlog('t/1', 10, 0);
    a.delivered('t/1', 5 * MIN, 100); // t/1 at 5 min
    a.backlog('t/1', 0, 10_000); // ... and the broker says everything written to t/1 before 10 s is read
    // Written at 5 s: anything older on t/1 was written before it, so read. It goes.
    expect(a.admits('t/0', msg(20, 5_000), 10_100)).toBe(true);
    a.delivered('t/0', 20 * MIN, 10_100);
    // Written at 9.5 s: t/1 may have received older records since 10 s - 1 s of clock skew. Held.
    expect(a.admits('t/0', msg(21, 9_500), 10_200)).toBe(false);
    expect(a.needsRead(10_400)).toBe(false); // a read now could not cover 9.5 s + 1 s
    expect(a.needsRead(10_600)).toBe(true);
    a.backlog('t/1', 3, 10_600); // three unread records there: wait for them
    expect(a.mayResume('t/0', 10_700)).toBe(false);
    a.delivered('t/1', 6 * MIN, 10_800);
    a.backlog('t/1', 0, 11_000);
    expect(a.mayResume('t/0', 11_000)).toBe(true);
  });

  it('waits for a partition that was empty at assignment until a broker read after the message was written', () => {
    const a = createEventTimeAlignment({ alignMs: MIN, skewMs: 1_000 });
    a.assigned(['t/0', 't/1'], 0);
    a.backlog('t/0', 0, 0);
    a.backlog('t/1', 0, 0);
    // The producer writes to t/0 at 2 s: t/1 may have received older records meanwhile, read at 0 s cannot tell.
    expect(a.admits('t/0', msg(30, 2_000), 2_100)).toBe(false);
    a.backlog('t/1', 0, 3_200);
    expect(a.mayResume('t/0', 3_300)).toBe(true);
  });

  it('stops waiting on a partition with no news (broker offsets unavailable) after the grace', () => {
    const a = createEventTimeAlignment({ alignMs: MIN, unknownGraceMs: 10_000 });
    a.assigned(['t/0', 't/1'], 0);
    a.delivered('t/1', 2 * MIN, 10);
    expect(a.admits('t/0', msg(30), 5_000)).toBe(false);
    expect(a.mayResume('t/0', 9_000)).toBe(false);
    expect(a.mayResume('t/0', 10_100)).toBe(true);
  });

  it('forgets a revoked partition so it no longer holds the others back', () => {
    const a = createEventTimeAlignment({ alignMs: MIN });
    a.assigned(['t/0', 't/1'], 0);
    a.delivered('t/1', 1 * MIN, 1);
    expect(a.admits('t/0', msg(10), 2)).toBe(false);
    a.forget('t/1');
    expect(a.mayResume('t/0', 3)).toBe(true);
  });

  it('never deadlocks: of partitions holding messages, the one with the oldest goes', () => {
    const a = createEventTimeAlignment({ alignMs: MIN });
    a.assigned(['t/0', 't/1'], 0);
    // Each first message spans more than the alignment (a wide batch): t/0 is held until t/1 shows something, ...
    expect(a.admits('t/0', msg(10, 0, 14), 1)).toBe(false);
    // ... t/1's message is newer than t/0's oldest: held too, and now t/0 holds the oldest record of all.
    expect(a.admits('t/1', msg(11, 0, 15), 2)).toBe(false);
    expect(a.mayResume('t/0', 3)).toBe(true);
    expect(a.mayResume('t/1', 3)).toBe(false);
  });
});
