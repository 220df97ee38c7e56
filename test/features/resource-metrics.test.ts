import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../src/core/index.js';
import { createWindowAggregator } from '../../src/features/window-aggregator.js';
import { MIN, batch, metric } from './builders.js';

function serviceRow(points: MetricPoint[]) {
  const agg = createWindowAggregator({ windowMs: MIN, allowedLatenessMs: 30_000 });
  agg.add(batch({ metrics: points }));
  return agg.flushAll().features.filter((r) => r.operation === '');
}

describe('window aggregator: resource metrics', () => {
  it('averages utilization gauges, summing non-idle modes per CPU', () => {
    const pts: MetricPoint[] = [];
    for (const t of [10_000, 20_000]) {
      for (const cpu of ['0', '1']) {
        pts.push(metric({ name: 'system.cpu.utilization', timeMs: t, value: 0.3, attributes: { cpu, state: 'user' } }));
        pts.push(metric({ name: 'system.cpu.utilization', timeMs: t, value: 0.1, attributes: { cpu, state: 'system' } }));
        pts.push(metric({ name: 'system.cpu.utilization', timeMs: t, value: 0.6, attributes: { cpu, state: 'idle' } }));
      }
    }
    expect(serviceRow(pts)[0].cpu).toBeCloseTo(0.4);
  });

  it('prefers process.cpu.utilization over system.cpu.utilization', () => {
    const rows = serviceRow([
      metric({ name: 'system.cpu.utilization', timeMs: 1_000, value: 0.9 }),
      metric({ name: 'process.cpu.utilization', timeMs: 1_000, value: 0.2 }),
    ]);
    expect(rows[0].cpu).toBeCloseTo(0.2);
  });

  it('turns cumulative process.cpu.time into a rate; the first point gives no value', () => {
    const cum = (timeMs: number, user: number, system: number) => [
      metric({ name: 'process.cpu.time', unit: 's', kind: 'sum', monotonic: true, cumulative: true, timeMs, value: user, attributes: { 'cpu.mode': 'user' } }),
      metric({ name: 'process.cpu.time', unit: 's', kind: 'sum', monotonic: true, cumulative: true, timeMs, value: system, attributes: { 'cpu.mode': 'system' } }),
    ];
    const rows = serviceRow([...cum(50_000, 100, 20), ...cum(70_000, 106, 22), ...cum(80_000, 109, 23)]);
    expect(rows.map((r) => r.windowStart)).toEqual([0, MIN]);
    expect(rows[0].cpu).toBeNull();
    expect(rows[1].cpu).toBeCloseTo(0.4);
  });

  it('picks memory by documented priority and sums pools of one collection', () => {
    const jvm = [
      metric({ name: 'jvm.memory.used', unit: 'By', kind: 'sum', timeMs: 1_000, value: 100, attributes: { 'jvm.memory.pool.name': 'eden' } }),
      metric({ name: 'jvm.memory.used', unit: 'By', kind: 'sum', timeMs: 1_000, value: 50, attributes: { 'jvm.memory.pool.name': 'old' } }),
      metric({ name: 'jvm.memory.used', unit: 'By', kind: 'sum', timeMs: 2_000, value: 130, attributes: { 'jvm.memory.pool.name': 'eden' } }),
      metric({ name: 'jvm.memory.used', unit: 'By', kind: 'sum', timeMs: 2_000, value: 70, attributes: { 'jvm.memory.pool.name': 'old' } }),
    ];
    const sys = metric({ name: 'system.memory.utilization', timeMs: 1_000, value: 0.5, attributes: { state: 'used' } });
    const free = metric({ name: 'system.memory.utilization', timeMs: 1_000, value: 0.5, attributes: { state: 'free' } });
    expect(serviceRow([...jvm, sys])[0].memory).toBeCloseTo(175);
    expect(serviceRow([sys, free])[0].memory).toBeCloseTo(0.5);
    expect(serviceRow([metric({ name: 'process.memory.usage', value: 42 }), ...jvm])[0].memory).toBe(42);
  });

  it('turns cumulative GC histogram sums into ms per window', () => {
    const gc = (timeMs: number, sumSeconds: number) =>
      metric({ name: 'jvm.gc.duration', unit: 's', kind: 'histogram', cumulative: true, timeMs, value: sumSeconds, count: 3, attributes: { 'jvm.gc.name': 'G1 Young' } });
    const rows = serviceRow([gc(10_000, 1.0), gc(40_000, 1.25), gc(70_000, 1.5), gc(100_000, 2.0)]);
    expect(rows[0].gcMs).toBeCloseTo(250);
    expect(rows[1].gcMs).toBeCloseTo(750);
  });

  it('reads the Node.js runtime metrics (v8js heap spaces summed, v8js.gc.duration deltas)', () => {
    const heap = (timeMs: number, space: string, value: number) =>
      metric({ name: 'v8js.memory.heap.used', unit: 'By', kind: 'gauge', timeMs, value, attributes: { 'v8js.heap.space.name': space } });
    const gc = (timeMs: number, sum: number) =>
      metric({ name: 'v8js.gc.duration', unit: 's', kind: 'histogram', cumulative: true, timeMs, value: sum, attributes: { 'v8js.gc.type': 'minor' } });
    const rows = serviceRow([heap(1_000, 'new', 10), heap(1_000, 'old', 30), gc(1_000, 0.5), gc(31_000, 0.56)]);
    expect(rows[0].memory).toBe(40);
    expect(rows[0].gcMs).toBeCloseTo(60);
  });

  it('computes pool use from used connections over the pool maximum', () => {
    const rows = serviceRow([
      metric({ name: 'db.client.connection.count', kind: 'sum', timeMs: 1_000, value: 6, attributes: { 'db.client.connection.state': 'used' } }),
      metric({ name: 'db.client.connection.count', kind: 'sum', timeMs: 1_000, value: 4, attributes: { 'db.client.connection.state': 'idle' } }),
      metric({ name: 'db.client.connection.max', kind: 'sum', timeMs: 1_000, value: 10 }),
      metric({ name: 'db.client.connection.count', kind: 'sum', timeMs: 2_000, value: 8, attributes: { 'db.client.connection.state': 'used' } }),
      metric({ name: 'db.client.connection.max', kind: 'sum', timeMs: 2_000, value: 10 }),
    ]);
    expect(rows[0].poolUse).toBeCloseTo(0.7);
  });

  it('leaves resource fields null when no such metric arrived', () => {
    const r = serviceRow([metric({ name: 'http.server.request.duration', kind: 'histogram', value: 3 })]);
    expect(r).toHaveLength(0);
    const r2 = serviceRow([metric({ name: 'process.memory.usage', value: 1 })])[0];
    expect([r2.cpu, r2.gcMs, r2.poolUse]).toEqual([null, null, null]);
  });
});
