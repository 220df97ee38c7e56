// Write-behind (src/pipeline/write-behind.ts): when a flush is due, what one flush writes and in which order, and
// what a failing store leaves for the next flush. In-memory ports; a manual clock.
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/obs/metrics.js';
import { createWriteBehind } from '../../src/pipeline/write-behind.js';
import { edgeWindow, featureRow } from '../stores/fixtures.js';
import { memoryPorts, type MemoryPorts } from './memory-ports.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 10, 10, 0);
const KEY = 'pipeline.checkpoint.v1';

function setup(maxRows = 100) {
  const ports = memoryPorts();
  const clock = { t: 0, now: () => clock.t };
  const writes = createWriteBehind({ windowMs: MIN, flushIntervalMs: 1_000, maxRows, checkpointKey: KEY }, { ...ports, metrics: createMetrics(), clock });
  return { ports, clock, writes };
}
const rollupsOf = (p: MemoryPorts) => p.rows.filter((w) => w.resolution !== '1m');

describe('write-behind', () => {
  it('is due once rows reach maxRows, or once the flush interval has passed with rows pending', () => {
    const { clock, writes } = setup(3);
    clock.t = 5_000;
    expect(writes.due()).toBe(false); // nothing pending, however long ago the last flush
    writes.add({ features: [featureRow({ windowStart: T0 }), featureRow({ windowStart: T0 + MIN })], edges: [], nodes: [] });
    clock.t = 0;
    expect(writes.due()).toBe(false); // 2 rows < 3, 0 ms since the last flush
    writes.add({ features: [], edges: [edgeWindow({ windowStart: T0 })], nodes: [] });
    expect(writes.due()).toBe(true); // 2 + 1 edge = 3 rows

    const other = setup(100);
    other.writes.add({ features: [featureRow({ windowStart: T0 })], edges: [], nodes: [] });
    other.clock.t = 999;
    expect(other.writes.due()).toBe(false);
    other.clock.t = 1_000;
    expect(other.writes.due()).toBe(true);
  });

  it('writes features, nodes, edges, then the checkpoint; keeps the newest sighting of a node; a flush with nothing pending writes nothing', async () => {
    const { ports, writes } = setup();
    writes.add({
      features: [featureRow({ service: 'api', windowStart: T0 }), featureRow({ service: 'db', windowStart: T0 })],
      edges: [edgeWindow({ caller: 'api', callee: 'db', windowStart: T0 })],
      nodes: [{ name: 'api', kind: 'service', lastSeen: 5 }],
    });
    writes.add({ features: [], edges: [], nodes: [{ name: 'api', kind: 'service', lastSeen: 3 }, { name: 'db', kind: 'database', lastSeen: 4 }] });
    writes.add({ features: [], edges: [], nodes: [{ name: 'api', kind: 'service', lastSeen: 9 }] });
    expect(await writes.flush({ api: T0 + MIN, db: T0 + MIN })).toBe(true);
    expect(ports.log).toEqual(['features.upsert 2', 'graph.upsertNodes 2', 'graph.upsertEdges 1', `state.put ${KEY}`]);
    expect(ports.nodes).toEqual([{ name: 'api', kind: 'service', lastSeen: 9 }, { name: 'db', kind: 'database', lastSeen: 4 }]);
    expect(ports.kv.get(KEY)).toEqual({ api: T0 + MIN, db: T0 + MIN });
    expect(await writes.flush({ api: T0 + 2 * MIN })).toBe(false);
    expect(ports.log).toHaveLength(4);
    expect(ports.kv.get(KEY)).toEqual({ api: T0 + MIN, db: T0 + MIN });
  });

  it('rolls a completed 5-minute bucket up from the stored minutes', async () => {
    const { ports, writes } = setup();
    writes.add({ features: [0, 1, 2, 3, 4].map((m) => featureRow({ service: 'api', windowStart: T0 + m * MIN, requests: 10 + m, errors: 1, sketch: null })), edges: [], nodes: [] });
    await writes.flush({ api: T0 + 5 * MIN });
    const rolled = rollupsOf(ports);
    expect(rolled.map((w) => [w.service, w.resolution, w.windowStart, w.requests, w.errors])).toEqual([['api', '5m', T0, 60, 5]]);
    // Empty node and edge lists are not written; the checkpoint comes after the rollup.
    expect(ports.log).toEqual(['features.upsert 5', 'features.upsert 1', `state.put ${KEY}`]);
  });

  it('keeps the rows of a failed flush for the next one and writes no checkpoint for them', async () => {
    const { ports, writes } = setup();
    writes.add({ features: [featureRow({ service: 'api', windowStart: T0 })], edges: [], nodes: [] });
    ports.fail('features.upsert', new Error('connection refused'));
    await expect(writes.flush({ api: T0 + MIN })).rejects.toThrow('connection refused');
    expect(ports.kv.has(KEY)).toBe(false);
    writes.add({ features: [featureRow({ service: 'api', windowStart: T0 + MIN })], edges: [], nodes: [] });
    ports.fail('features.upsert', undefined);
    expect(await writes.flush({ api: T0 + 2 * MIN })).toBe(true);
    expect(ports.rows.map((w) => w.windowStart)).toEqual([T0, T0 + MIN]);
    expect(ports.kv.get(KEY)).toEqual({ api: T0 + 2 * MIN });
  });
});
