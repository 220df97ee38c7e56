/**
 * The last ~2 hours of service-level feature windows and edge windows, kept in memory by the pipeline as they
 * close, so root-cause analysis at incident time reads no store: on a 200-service system the store reads cost
 * more than the ranking (bench/rca). Sketches are dropped (the ranking does not read them). The part of a range
 * the cache has not seen since start-up (a restart, a replay from further back) is read from the stores.
 */
import { ALL_OPERATIONS, summarizeInbound, type EdgeWindow, type FeatureWindow, type InboundSummary } from '../core/index.js';

export interface WindowSource {
  /** Service-level 1m feature windows. */
  features(from: number, to: number): Promise<FeatureWindow[]>;
  /** 1m calls into each node per window and per edge over the range. */
  inbound(from: number, to: number): Promise<InboundSummary>;
}

export interface RecentWindows {
  add(features: readonly FeatureWindow[], edges: readonly EdgeWindow[]): void;
  /** The cached rows when the cache holds all of [from, to), else the fallback's. */
  source(fallback: WindowSource): WindowSource;
  size(): { features: number; edges: number };
}

/** Rows of a window another service closed a little earlier may predate the first one seen: trust the cache after this. */
const START_MARGIN_MS = 5 * 60_000;

export function createRecentWindows(horizonMs = 2 * 3_600_000): RecentWindows {
  const features = new Map<string, FeatureWindow>();
  const edges = new Map<string, EdgeWindow>();
  /** Earliest window start the cache holds every row of: just after the first window it saw, then the eviction cutoff. */
  let coveredFrom = Infinity;
  let newest = -Infinity;
  const evict = () => {
    const cutoff = newest - horizonMs;
    if (cutoff <= coveredFrom) return;
    for (const [k, w] of features) if (w.windowStart < cutoff) features.delete(k);
    for (const [k, e] of edges) if (e.windowStart < cutoff) edges.delete(k);
    coveredFrom = cutoff;
  };
  const inRange = <T extends { windowStart: number }>(rows: Iterable<T>, from: number, to: number) =>
    [...rows].filter((r) => r.windowStart >= from && r.windowStart < to).sort((a, b) => a.windowStart - b.windowStart);
  return {
    add(fs, es) {
      for (const w of fs) {
        if (w.resolution !== '1m' || w.operation !== ALL_OPERATIONS) continue;
        // A late re-close replaces the window, as the store's upsert does.
        features.set(`${w.service}\u0000${w.windowStart}`, { ...w, sketch: null });
        if (coveredFrom === Infinity) coveredFrom = w.windowStart + START_MARGIN_MS;
        newest = Math.max(newest, w.windowStart);
      }
      for (const e of es) {
        if (e.resolution !== '1m') continue;
        edges.set(`${e.caller}\u0000${e.callee}\u0000${e.windowStart}`, { ...e, sketch: null });
        if (coveredFrom === Infinity) coveredFrom = e.windowStart + START_MARGIN_MS;
        newest = Math.max(newest, e.windowStart);
      }
      evict();
    },
    source(fallback) {
      // Before the covered span the stores answer; from it on, the cache. Analysis runs behind the windows stage,
      // so the newest windows may still wait in the write-behind buffer: the store alone could miss them.
      const split = (from: number, to: number) => Math.min(to, Math.max(from, coveredFrom));
      return {
        async features(from, to) {
          const mid = split(from, to);
          const cached = mid < to ? inRange(features.values(), mid, to) : [];
          return from < mid ? (await fallback.features(from, mid)).concat(cached) : cached;
        },
        async inbound(from, to) {
          const mid = split(from, to);
          const cached = summarizeInbound([...edges.values()], mid, to);
          return from < mid ? mergeInbound(await fallback.inbound(from, mid), cached) : cached;
        },
      };
    },
    size: () => ({ features: features.size, edges: edges.size }),
  };
}

/** Two summaries of adjacent spans as one: windows side by side, calls per edge added. */
function mergeInbound(a: InboundSummary, b: InboundSummary): InboundSummary {
  const edges = new Map<string, InboundSummary['edges'][number]>();
  for (const e of a.edges.concat(b.edges)) {
    const k = `${e.caller}\u0000${e.callee}`;
    const prev = edges.get(k);
    edges.set(k, prev ? { ...prev, calls: prev.calls + e.calls } : { ...e });
  }
  return { windows: a.windows.concat(b.windows), edges: [...edges.values()] };
}
