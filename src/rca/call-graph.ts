/** Directed call graph (caller → callee) with cycle-safe reachability. */
import type { NodeKind, ServiceGraph } from '../core/index.js';

export interface CallGraph {
  kindOf(name: string): NodeKind;
  callees(name: string): readonly string[];
  callers(name: string): readonly string[];
}

export function buildCallGraph(graph: ServiceGraph | undefined): CallGraph {
  const kinds = new Map<string, NodeKind>();
  for (const n of graph?.nodes ?? []) if (n && typeof n.name === 'string') kinds.set(n.name, n.kind);
  const down = new Map<string, Set<string>>();
  const up = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, a: string, b: string) => {
    let s = m.get(a);
    if (!s) m.set(a, (s = new Set()));
    s.add(b);
  };
  for (const e of graph?.edges ?? []) {
    if (!e || typeof e.from !== 'string' || typeof e.to !== 'string' || e.from === e.to) continue;
    add(down, e.from, e.to);
    add(up, e.to, e.from);
  }
  return {
    kindOf: (name) => kinds.get(name) ?? 'service',
    callees: (name) => [...(down.get(name) ?? [])],
    callers: (name) => [...(up.get(name) ?? [])],
  };
}

/** Every node reachable from `start` by repeatedly following `next` (start excluded); visits each node once. */
export function reachable(start: string, next: (name: string) => readonly string[]): Set<string> {
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length) {
    for (const m of next(stack.pop() as string)) {
      if (seen.has(m)) continue;
      seen.add(m);
      stack.push(m);
    }
  }
  seen.delete(start);
  return seen;
}
