/**
 * Merging partial windows of one window start into the rows one process would have closed: counts and sums add,
 * DDSketches merge (so quantiles are those of all requests), resource means come from the one partition that
 * carries the service's metrics (the Collector keys metrics by resource). A series only one partition saw is
 * passed through unchanged. Pure.
 */
import type { DDSketch } from '@datadog/sketches-js';
import type { EdgeWindow, FeatureWindow, GraphNode } from '../core/index.js';
import type { ClosedWindows } from '../features/aggregator-types.js';
import { rollupEdges, rollupWindows } from '../features/rollup.js';
import { decodeSketch, newSketch, quantilesOf, type Sketch } from '../features/sketch-codec.js';

/**
 * The merged sketch on the aggregator's own mapping: a decoded sketch rebuilds its mapping from the stored gamma, and
 * its quantiles differ from the aggregator's in the 13th digit; merged into a fresh sketch they are the same numbers.
 */
function canonicalSketch(parts: readonly (Uint8Array | null)[]): Sketch | null {
  let acc: Sketch | null = null;
  for (const bytes of parts) {
    if (bytes === null || bytes.length === 0) continue;
    acc ??= newSketch();
    acc.merge(decodeSketch(bytes) as DDSketch);
  }
  return acc;
}

function mergeFeatures(g: FeatureWindow[]): FeatureWindow[] {
  return rollupWindows(g, '1m').map((r) => ({ ...r, ...quantilesOf(canonicalSketch(g.map((x) => x.sketch)), r.maxMs) }));
}

function mergeEdges(g: EdgeWindow[]): EdgeWindow[] {
  let maxMs: number | null = null;
  for (const e of g) if (e.maxMs !== undefined && e.maxMs !== null && (maxMs === null || e.maxMs > maxMs)) maxMs = e.maxMs;
  return rollupEdges(g, '1m').map((r) => {
    const q = quantilesOf(canonicalSketch(g.map((x) => x.sketch)), maxMs);
    return { ...r, p50Ms: q.p50Ms, p99Ms: q.p99Ms, maxMs };
  });
}

function mergeGroups<T>(rows: T[], key: (r: T) => string, merge: (g: T[]) => T[]): T[] {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  const out: T[] = [];
  for (const g of groups.values()) for (const r of g.length === 1 ? g : merge(g)) out.push(r);
  return out;
}

export function mergePartials(parts: readonly ClosedWindows[]): ClosedWindows {
  const features: FeatureWindow[] = [];
  const edges: EdgeWindow[] = [];
  const nodes = new Map<string, GraphNode>();
  for (const p of parts) {
    for (const f of p.features) features.push(f);
    for (const e of p.edges) edges.push(e);
    for (const n of p.nodes) {
      const had = nodes.get(n.name);
      if (!had || n.lastSeen > had.lastSeen) nodes.set(n.name, n);
    }
  }
  return {
    features: mergeGroups(features, (f) => `${f.service}\u0000${f.operation}\u0000${f.windowStart}`, mergeFeatures).sort((a, b) => a.windowStart - b.windowStart || a.service.localeCompare(b.service) || a.operation.localeCompare(b.operation)),
    edges: mergeGroups(edges, (e) => `${e.caller}\u0000${e.callee}\u0000${e.windowStart}`, mergeEdges).sort((a, b) => a.windowStart - b.windowStart),
    nodes: [...nodes.values()],
  };
}
