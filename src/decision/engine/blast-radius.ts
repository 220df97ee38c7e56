/** Who feels an action on a service: its callers, their callers, … up to `maxHops`, nearest first. */
import type { ServiceGraph } from '../../core/index.js';

export function blastRadius(graph: ServiceGraph, service: string, maxHops: number): string[] {
  const callersOf = new Map<string, string[]>();
  for (const e of graph?.edges ?? []) {
    if (e.from === e.to) continue;
    const list = callersOf.get(e.to);
    if (list) list.push(e.from);
    else callersOf.set(e.to, [e.from]);
  }
  const seen = new Set([service]);
  const out: string[] = [];
  let frontier = [service];
  for (let hop = 0; hop < maxHops && frontier.length > 0; hop++) {
    const next = new Set<string>();
    for (const n of frontier) for (const c of callersOf.get(n) ?? []) if (!seen.has(c)) next.add(c);
    const ring = [...next].sort();
    for (const c of ring) seen.add(c);
    out.push(...ring);
    frontier = ring;
  }
  return out;
}
