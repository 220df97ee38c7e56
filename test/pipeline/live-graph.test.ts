import { describe, expect, it } from 'vitest';
import { createLiveGraph } from '../../src/pipeline/live-graph.js';
import type { EdgeWindow } from '../../src/core/index.js';

const edge = (caller: string, callee: string, windowStart: number, calls = 10): EdgeWindow => ({
  caller, callee, calleeKind: 'service', resolution: '1m', windowStart, calls, errors: 0, p50Ms: 5, p99Ms: 20, sketch: null,
});

describe('live graph', () => {
  it('keeps the latest counts per edge and ages out edges beyond the horizon', () => {
    const g = createLiveGraph(10 * 60_000);
    g.add([edge('a', 'b', 0, 5), edge('b', 'c', 0)], [{ name: 'a', kind: 'service', lastSeen: 0 }]);
    g.add([edge('a', 'b', 60_000, 7)], []);
    expect(g.snapshot().edges.find((e) => e.from === 'a')?.calls).toBe(7);
    g.add([edge('a', 'b', 20 * 60_000)], []);
    const edges = g.snapshot().edges.map((e) => `${e.from}>${e.to}`);
    expect(edges).toEqual(['a>b']);
  });

  it('never downgrades a service node to a database', () => {
    const g = createLiveGraph();
    g.add([], [{ name: 'ledger', kind: 'service', lastSeen: 1 }]);
    g.add([], [{ name: 'ledger', kind: 'database', lastSeen: 2 }]);
    expect(g.snapshot().nodes).toEqual([{ name: 'ledger', kind: 'service', lastSeen: 2 }]);
  });
});
