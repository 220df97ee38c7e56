/**
 * One pipeline stage: a bounded queue in front of a handler. `push` resolves once the item is queued, not handled,
 * so the stage before never waits for this one's work, only for room (backpressure: a full queue holds the pusher,
 * and through it every stage before, down to the ingest queue, which answers 429). Items with the same key wait as
 * one (`merge`): a stage that is behind handles the latest state once instead of every update. With `concurrency`
 * > 1 several items are handled at once, never two of the same key (their order is kept).
 * Metrics per stage: queue depth, lag (how long the item just taken waited), processed, dropped{coalesced|error}.
 */
import type { Clock } from '../core/index.js';
import type { AiopsMetrics } from '../obs/metrics.js';
import type { Logger } from '../obs/logger.js';

export interface StageOptions<T> {
  name: string;
  /** Items (distinct keys) that may wait; a push beyond waits for room. */
  capacity: number;
  concurrency?: number;
  handle(item: T): Promise<void>;
  /** Items of one key wait as one: the waiting item becomes merge(waiting, next). Both or neither. */
  key?(item: T): string;
  merge?(waiting: T, next: T): T;
}

export interface StageQueue<T> {
  /** Queues `item` (or merges it into a waiting one of its key); waits only while the queue is full. */
  push(item: T): Promise<void>;
  /** Resolves when nothing waits and nothing is being handled. */
  idle(): Promise<void>;
  /** Items waiting (not those being handled). */
  depth(): number;
}

interface Entry<T> {
  item: T;
  key: string | undefined;
  queuedAt: number;
}

export function createStageQueue<T>(opts: StageOptions<T>, deps: { metrics: AiopsMetrics; logger: Logger; clock: Clock }): StageQueue<T> {
  if (!(opts.capacity >= 1)) throw new Error(`stage ${opts.name}: capacity must be at least 1 (got ${opts.capacity})`);
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const labels = { stage: opts.name };
  const { metrics, logger, clock } = deps;
  const waiting: Entry<T>[] = [];
  const waitingByKey = new Map<string, Entry<T>>();
  const busyKeys = new Set<string>();
  let running = 0;
  let roomWaiters: (() => void)[] = [];
  let idleWaiters: (() => void)[] = [];

  const gauge = () => metrics.stageDepth.set(labels, waiting.length);
  gauge();

  function wakeAll(list: (() => void)[]): void {
    for (const w of list) w();
  }

  function next(): Entry<T> | undefined {
    const i = waiting.findIndex((e) => e.key === undefined || !busyKeys.has(e.key));
    if (i < 0) return undefined;
    const [e] = waiting.splice(i, 1);
    if (e.key !== undefined) waitingByKey.delete(e.key);
    return e;
  }

  function pump(): void {
    while (running < concurrency) {
      const e = next();
      if (!e) break;
      running++;
      if (e.key !== undefined) busyKeys.add(e.key);
      gauge();
      metrics.stageLag.set(labels, Math.max(0, clock.now() - e.queuedAt) / 1000);
      // Room freed: every pusher re-checks (one of them gets it; the others wait again).
      const rw = roomWaiters;
      roomWaiters = [];
      wakeAll(rw);
      // Started on the next turn of the event loop, not inside the pusher's call: pending I/O (an OTLP request)
      // is served between stages.
      setImmediate(() => void run(e));
    }
    if (running === 0 && waiting.length === 0) {
      const iw = idleWaiters;
      idleWaiters = [];
      wakeAll(iw);
    }
  }

  async function run(e: Entry<T>): Promise<void> {
    try {
      await opts.handle(e.item);
    } catch (err) {
      metrics.stageDropped.inc({ stage: opts.name, reason: 'error' });
      logger.error('pipeline stage failed on an item; it is dropped and the stage goes on', { stage: opts.name, error: err });
    } finally {
      metrics.stageProcessed.inc(labels);
      running--;
      if (e.key !== undefined) busyKeys.delete(e.key);
      pump();
    }
  }

  return {
    async push(item) {
      const key = opts.key?.(item);
      for (;;) {
        const same = key === undefined ? undefined : waitingByKey.get(key);
        if (same && opts.merge) {
          same.item = opts.merge(same.item, item);
          metrics.stageDropped.inc({ stage: opts.name, reason: 'coalesced' });
          return;
        }
        if (waiting.length < opts.capacity) break;
        await new Promise<void>((resolve) => roomWaiters.push(resolve));
      }
      const e: Entry<T> = { item, key, queuedAt: clock.now() };
      waiting.push(e);
      if (key !== undefined) waitingByKey.set(key, e);
      gauge();
      pump();
    },
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    depth: () => waiting.length,
  };
}
