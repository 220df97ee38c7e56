/**
 * Cardinality and memory budgets at the edge. Every distinct `service.name` costs open windows, watermarks, graph
 * nodes and rows; 900k random names once grew RSS from 475 MiB to 3.6 GiB. So the receiver admits at most
 * `maxServices` services seen within the last `horizonMs` of wall time (two rotating generations: a service
 * silent for two horizons frees its slot), and refuses items of new services beyond that; the handler answers 429
 * with Retry-After when nothing in a request could be admitted. Independently, when the V8 heap is above
 * `maxHeapRatio` of its limit, every request gets 503 + Retry-After until collection brings it down.
 */
import { getHeapStatistics } from 'node:v8';
import type { TelemetryBatch } from '../core/telemetry.js';

export interface IngestBudgetOptions {
  /** Distinct services admitted within the horizon (default 5000). */
  maxServices?: number;
  /** Wall time a service keeps its slot without data (default 1 h; freed after one to two horizons). */
  horizonMs?: number;
  /** Heap used / heap limit above which requests are refused with 503 (default 0.85; 1 disables). */
  maxHeapRatio?: number;
  /** Test seams. */
  nowMs?: () => number;
  heapRatio?: () => number;
}

export interface AdmitResult {
  /** The batch without the items of services over the budget (the same object when all were admitted). */
  batch: TelemetryBatch;
  /** Items dropped, per signal. */
  dropped: { spans: number; metrics: number; logs: number };
}

export interface IngestBudget {
  /** True while the heap is over budget (checked at most every 250 ms). */
  overMemory(): boolean;
  admit(batch: TelemetryBatch): AdmitResult;
  /** Services currently holding a slot. */
  services(): number;
}

export const DEFAULT_MAX_SERVICES = 5000;

function defaultHeapRatio(): number {
  const h = getHeapStatistics();
  return h.used_heap_size / h.heap_size_limit;
}

export function createIngestBudget(opts: IngestBudgetOptions = {}): IngestBudget {
  const max = opts.maxServices ?? DEFAULT_MAX_SERVICES;
  const horizon = opts.horizonMs ?? 3_600_000;
  const maxHeap = opts.maxHeapRatio ?? 0.85;
  const now = opts.nowMs ?? Date.now;
  const heapRatio = opts.heapRatio ?? defaultHeapRatio;
  let current = new Set<string>();
  let previous = new Set<string>();
  let rotatedAt = now();
  let heapCheckedAt = -Infinity;
  let heapOver = false;

  const rotate = () => {
    const t = now();
    if (t - rotatedAt < horizon) return;
    previous = t - rotatedAt >= 2 * horizon ? new Set() : current;
    current = new Set();
    rotatedAt = t;
  };
  /** Admits `service`, remembering the answer for this batch in `seen`. */
  const admitOne = (service: string, seen: Map<string, boolean>): boolean => {
    const known = seen.get(service);
    if (known !== undefined) return known;
    let ok = current.has(service);
    if (!ok && previous.has(service)) {
      current.add(service);
      ok = true;
    }
    if (!ok && current.size + previous.size < max) {
      current.add(service);
      ok = true;
    }
    seen.set(service, ok);
    return ok;
  };

  return {
    overMemory() {
      if (maxHeap >= 1) return false;
      const t = now();
      if (t - heapCheckedAt >= 250) {
        heapCheckedAt = t;
        heapOver = heapRatio() > maxHeap;
      }
      return heapOver;
    },
    admit(batch) {
      rotate();
      const seen = new Map<string, boolean>();
      const dropped = { spans: 0, metrics: 0, logs: 0 };
      const keep = <T extends { service: string }>(items: T[], signal: keyof typeof dropped): T[] => {
        let all = true;
        for (const it of items) if (!admitOne(it.service, seen)) all = false;
        if (all) return items;
        const out = items.filter((it) => seen.get(it.service) === true);
        dropped[signal] = items.length - out.length;
        return out;
      };
      const spans = keep(batch.spans, 'spans');
      const metrics = keep(batch.metrics, 'metrics');
      const logs = keep(batch.logs, 'logs');
      if (spans === batch.spans && metrics === batch.metrics && logs === batch.logs) return { batch, dropped };
      return { batch: { ...batch, spans, metrics, logs }, dropped };
    },
    services: () => new Set([...current, ...previous]).size,
  };
}
