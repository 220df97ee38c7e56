// One pipeline stage (src/pipeline/stage-queue.ts): a push waits only for room, items of one key coalesce while they
// wait, two items of one key never run at once, a failing item is counted and the stage goes on.
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/obs/metrics.js';
import { silentLogger } from '../../src/obs/logger.js';
import { createStageQueue } from '../../src/pipeline/stage-queue.js';

/** A handler that records what it started and finishes an item only when the test says so. */
function gatedHandler<T>() {
  const started: T[] = [];
  const open = new Map<T, () => void>();
  return {
    started,
    handle: (item: T) => new Promise<void>((resolve) => {
      started.push(item);
      open.set(item, resolve);
    }),
    finish(item: T) {
      open.get(item)!();
    },
  };
}
const settled = async (p: Promise<unknown>) => Promise.race([p.then(() => true), new Promise((r) => setImmediate(() => setImmediate(() => r(false))))]);
const deps = () => ({ metrics: createMetrics(), logger: silentLogger, clock: { now: () => 0 } });
async function metric(d: ReturnType<typeof deps>, name: string): Promise<string> {
  return (await d.metrics.registry.getSingleMetricAsString(name)).split('\n').filter((l) => !l.startsWith('#')).join('\n');
}

describe('stage queue', () => {
  it('answers a push at once while there is room and holds it when full, until the handler takes an item', async () => {
    const h = gatedHandler<string>();
    const d = deps();
    const q = createStageQueue({ name: 'test', capacity: 2, handle: h.handle }, d);
    await q.push('a'); // taken by the handler on the next turn
    await expect.poll(() => h.started).toEqual(['a']);
    await q.push('b');
    await q.push('c');
    expect(q.depth()).toBe(2);
    const d4 = q.push('d');
    expect(await settled(d4)).toBe(false); // full: b and c wait, a is being handled
    h.finish('a');
    expect(await settled(d4)).toBe(true);
    await expect.poll(() => h.started).toEqual(['a', 'b']);
    expect(await metric(d, 'aiops_stage_queue_depth')).toBe('aiops_stage_queue_depth{stage="test"} 2');
    h.finish('b');
    await expect.poll(() => h.started).toEqual(['a', 'b', 'c']);
    h.finish('c');
    await expect.poll(() => h.started).toEqual(['a', 'b', 'c', 'd']);
    const idle = q.idle();
    expect(await settled(idle)).toBe(false);
    h.finish('d');
    await idle;
    expect(await metric(d, 'aiops_stage_processed_total')).toBe('aiops_stage_processed_total{stage="test"} 4');
  });

  it('merges items of one key while they wait, never runs one key twice at once, and keeps other keys moving', async () => {
    type Job = { key: string; v: number[] };
    const h = gatedHandler<Job>();
    const d = deps();
    const q = createStageQueue<Job>({ name: 'analysis', capacity: 1, concurrency: 2, handle: h.handle, key: (j) => j.key, merge: (a, b) => ({ key: a.key, v: [...a.v, ...b.v] }) }, d);
    const x1 = { key: 'x', v: [1] };
    await q.push(x1);
    await expect.poll(() => h.started.length).toBe(1);
    await q.push({ key: 'x', v: [2] }); // waits: x is running
    await q.push({ key: 'x', v: [3] }); // merged into the waiting one, although the queue is full
    expect(q.depth()).toBe(1);
    const y = q.push({ key: 'y', v: [9] }); // another key: needs room
    expect(await settled(y)).toBe(false);
    // The second worker is free but the only waiting item is x's: it does not start beside the first x.
    expect(h.started).toEqual([x1]);
    h.finish(x1);
    await y;
    await expect.poll(() => h.started.map((j) => j.v)).toEqual([[1], [2, 3], [9]]);
    expect(await metric(d, 'aiops_stage_dropped_total')).toBe('aiops_stage_dropped_total{stage="analysis",reason="coalesced"} 1');
    for (const j of h.started.slice(1)) h.finish(j);
    await q.idle();
  });

  it('counts a failing item as dropped and handles the next one', async () => {
    const d = deps();
    const seen: number[] = [];
    const q = createStageQueue<number>({
      name: 'listeners',
      capacity: 4,
      handle: async (n) => {
        if (n === 1) throw new Error('boom');
        seen.push(n);
      },
    }, d);
    await q.push(1);
    await q.push(2);
    await q.idle();
    expect(seen).toEqual([2]);
    expect(await metric(d, 'aiops_stage_dropped_total')).toBe('aiops_stage_dropped_total{stage="listeners",reason="error"} 1');
    expect(() => createStageQueue({ name: 'bad', capacity: 0, handle: async () => undefined }, d)).toThrow('stage bad: capacity must be at least 1 (got 0)');
  });
});
