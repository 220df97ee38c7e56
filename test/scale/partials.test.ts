// Scale-out building blocks without a broker: a partition's windows close by its own watermark and drop what its
// restored marker covers; partial windows survive the wire; merging the partials of every partition gives the rows
// one aggregator over all the records gives (counts add, sketches merge, metrics come from their one partition).
import { describe, expect, it } from 'vitest';
import type { TelemetryBatch } from '../../src/core/index.js';
import { createWindowAggregator } from '../../src/features/window-aggregator.js';
import { createSimulation } from '../../src/sim/simulation.js';
import { createPartitionWindows } from '../../src/scale/partition-windows.js';
import { byWindowStart, decodePartials, encodePartials } from '../../src/scale/partials-codec.js';
import { mergePartials } from '../../src/scale/merge-windows.js';

const MIN = 60_000;
const startMs = Date.UTC(2026, 11, 1, 8, 0, 0);
const sim = createSimulation({ seed: 3, startMs, services: 6, ratePerMinute: 30 });
const minutes: TelemetryBatch[] = Array.from({ length: 8 }, (_, i) => sim.minute(i));
const cfg = { windowMs: MIN, allowedLatenessMs: 2 * MIN };

/** Spans by trace id and metrics/logs by service into `n` partitions, as the Collector's kafka exporter keys them. */
function partition(b: TelemetryBatch, n: number): TelemetryBatch[] {
  const h = (s: string) => [...s].reduce((a, c) => (a * 31 + c.charCodeAt(0)) >>> 0, 7) % n;
  const parts = Array.from({ length: n }, () => ({ spans: [], metrics: [], logs: [], source: 'kafka' }) as TelemetryBatch);
  for (const s of b.spans) parts[h(s.traceId)]!.spans.push(s);
  for (const m of b.metrics) parts[h(m.service)]!.metrics.push(m);
  for (const l of b.logs) parts[h(l.service)]!.logs.push(l);
  return parts;
}

describe('partition windows', () => {
  it('close by the partition watermark minus the lateness, all nodes at once', () => {
    const pw = createPartitionWindows(cfg, -Infinity);
    pw.add(minutes[0]!);
    pw.add(minutes[1]!);
    expect(pw.advance()?.features).toEqual([]); // newest ≈ 08:01:59 − 2 min → boundary 07:59: nothing to close yet
    expect(pw.closedBefore()).toBe(startMs - MIN);
    expect(pw.advance()).toBeNull(); // the boundary did not move
    pw.add(minutes[3]!);
    const closed = pw.advance()!; // newest ≈ 08:03:59 − 2 min → closes 08:00
    expect(pw.closedBefore()).toBe(startMs + MIN);
    expect(new Set(closed.features.map((f) => f.windowStart))).toEqual(new Set([startMs]));
    expect(new Set(closed.features.map((f) => f.service)).size).toBeGreaterThanOrEqual(6);
    const all = pw.closeAll()!;
    expect(pw.closedBefore()).toBe(startMs + 4 * MIN);
    expect(new Set(all.features.map((f) => f.windowStart))).toEqual(new Set([startMs + MIN, startMs + 3 * MIN]));
  });

  it('drop the records a restored marker covers (published by the previous owner) and count them', () => {
    const pw = createPartitionWindows(cfg, startMs + 2 * MIN);
    const r = pw.add({ ...minutes[1]!, source: 'kafka' });
    expect(r.dropped).toBe(minutes[1]!.spans.filter((s) => s.startMs < startMs + 2 * MIN).length + minutes[1]!.metrics.length + minutes[1]!.logs.length);
    expect(pw.closeAll()?.features.every((f) => f.windowStart >= startMs + 2 * MIN) ?? true).toBe(true);
  });
});

describe('partials on the wire', () => {
  it('round-trip rows with sketches, and markers with no closed window yet', () => {
    const pw = createPartitionWindows(cfg, -Infinity);
    pw.add(minutes[0]!);
    const closed = pw.closeAll()!;
    const back = decodePartials(encodePartials({ type: 'partial', source: 'spans/2', windowStart: startMs, closed }));
    // Sketch bytes compared as hex (protobufjs hands out Buffers, the decoder plain Uint8Arrays).
    const hex = (c: typeof closed) => JSON.stringify({ ...c, features: c.features.map((f) => ({ ...f, sketch: f.sketch && Buffer.from(f.sketch).toString('hex') })), edges: c.edges.map((e) => ({ ...e, sketch: e.sketch && Buffer.from(e.sketch).toString('hex') })) });
    expect(back.type === 'partial' && [back.source, back.windowStart]).toEqual(['spans/2', startMs]);
    expect(back.type === 'partial' && hex(back.closed)).toBe(hex(closed));
    expect(closed.features.length).toBeGreaterThan(6);
    expect(decodePartials(encodePartials({ type: 'marker', source: 'spans/0', closedBefore: -Infinity, idle: true }))).toEqual({ type: 'marker', source: 'spans/0', closedBefore: -Infinity, idle: true });
    // An idle mark carries the offset it had read to: the merge trusts it only while no record arrived after it.
    expect(decodePartials(encodePartials({ type: 'marker', source: 'spans/1', closedBefore: 120_000, idle: true, readTo: 42 }))).toEqual({ type: 'marker', source: 'spans/1', closedBefore: 120_000, idle: true, readTo: 42 });
    expect(() => decodePartials(Buffer.from(JSON.stringify({ type: 'marker', source: 's/0', closedBefore: 0, idle: true, readTo: '42' })))).toThrow(/readTo/);
    expect(() => decodePartials(Buffer.from('{"type":"partial","source":"x"}'))).toThrow(/unknown type/);
  });

  it('split by window start; graph nodes ride with the newest window', () => {
    const pw = createPartitionWindows(cfg, -Infinity);
    pw.add(minutes[0]!);
    pw.add(minutes[1]!);
    const split = byWindowStart(pw.closeAll()!);
    expect([...split.keys()].sort()).toEqual([startMs, startMs + MIN]);
    expect(split.get(startMs)!.nodes).toEqual([]);
    expect(split.get(startMs + MIN)!.nodes.length).toBeGreaterThan(0);
  });
});

describe('merging partials', () => {
  it('adds counts by hand: 3 + 4 requests, 1 + 0 errors', () => {
    const row = { service: 'cart', operation: '', resolution: '1m' as const, windowStart: startMs, p50Ms: null, p95Ms: null, p99Ms: null, maxMs: null, selfTimeMs: null, sketch: null, cpu: null, memory: null, gcMs: null, poolUse: null, logTotal: 0, logWarn: 0, logError: 0 };
    const merged = mergePartials([
      { features: [{ ...row, requests: 3, errors: 1, errorRate: 1 / 3, throughput: 0.05, logTotal: 2 }], edges: [], nodes: [] },
      { features: [{ ...row, requests: 4, errors: 0, errorRate: 0, throughput: 4 / 60, memory: 512 }], edges: [], nodes: [] },
    ]);
    expect(merged.features).toHaveLength(1);
    expect(merged.features[0]).toMatchObject({ requests: 7, errors: 1, errorRate: 1 / 7, throughput: 7 / 60, memory: 512, logTotal: 2 });
  });

  it('of 3 partitions equals one aggregator over every record', () => {
    const one = createWindowAggregator(cfg);
    for (const b of minutes) one.add(b);
    const want = one.closeBefore(startMs + 8 * MIN);
    const parts = [0, 1, 2].map(() => createPartitionWindows(cfg, -Infinity));
    for (const b of minutes) partition(b, 3).forEach((p, i) => parts[i]!.add(p));
    const closed = parts.map((p) => p.closeAll()!);
    const got = mergePartials(closed);
    const key = (f: { service: string; operation: string; windowStart: number }) => `${f.service}|${f.operation}|${f.windowStart}`;
    const view = (rows: typeof want.features) => Object.fromEntries(rows.map((f) => [key(f), [f.requests, f.errors, f.p50Ms, f.p99Ms, f.maxMs, f.memory, f.cpu, f.logTotal, f.selfTimeMs]]));
    expect(Object.keys(view(got.features)).length).toBe(want.features.length);
    expect(view(got.features)).toEqual(view(want.features));
    const edge = (rows: typeof want.edges) => Object.fromEntries(rows.map((e) => [`${e.caller}>${e.callee}@${e.windowStart}`, [e.calls, e.errors, e.p99Ms]]));
    expect(edge(got.edges)).toEqual(edge(want.edges));
  });
});
