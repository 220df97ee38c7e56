/** Undirected hop distance over the service graph, bounded and cycle-safe, cached per update. */
import type { ServiceGraph } from '../core/index.js';

export interface Reach {
  /** True when `a` and `b` are the same node or at most `maxHops` edges apart, ignoring edge direction. */
  connected(a: string, b: string): boolean;
}

export function createReach(graph: ServiceGraph, maxHops: number): Reach {
  const adjacent = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    let s = adjacent.get(a);
    if (!s) adjacent.set(a, (s = new Set()));
    s.add(b);
  };
  for (const e of graph?.edges ?? []) {
    if (e.from === e.to) continue;
    link(e.from, e.to);
    link(e.to, e.from);
  }
  const cache = new Map<string, Set<string>>();
  const within = (start: string): Set<string> => {
    let seen = cache.get(start);
    if (seen) return seen;
    seen = new Set([start]);
    let frontier = [start];
    for (let hop = 0; hop < maxHops && frontier.length; hop++) {
      const next: string[] = [];
      for (const n of frontier) {
        for (const m of adjacent.get(n) ?? []) {
          if (seen.has(m)) continue;
          seen.add(m);
          next.push(m);
        }
      }
      frontier = next;
    }
    cache.set(start, seen);
    return seen;
  };
  return { connected: (a, b) => a === b || within(a).has(b) };
}
