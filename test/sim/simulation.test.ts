import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../src/core/telemetry.js';
import { createSimulation } from '../../src/sim/simulation.js';
import { errorRate, mean, minutes, START } from './sim-helpers.js';

describe('createSimulation', () => {
  it('produces identical batches for the same seed, in any order of minutes', () => {
    const a = createSimulation({ seed: 5, startMs: START });
    const b = createSimulation({ seed: 5, startMs: START });
    const m3 = b.minute(3);
    b.minute(0);
    expect(a.minute(3)).toEqual(m3);
    expect(a.minute(0)).toEqual(b.minute(0));
    expect(createSimulation({ seed: 6, startMs: START }).minute(3)).not.toEqual(m3);
  });

  it('rejects a start time that is not aligned to a minute', () => {
    expect(() => createSimulation({ seed: 1, startMs: START + 5 })).toThrow(/aligned/);
  });

  it('emits well-formed traces: ids, parents inside the trace, client/server pairs, durations that compose', () => {
    const batch = createSimulation({ seed: 9, startMs: START }).minute(0);
    const byId = new Map(batch.spans.map((s) => [s.spanId, s]));
    expect(byId.size).toBe(batch.spans.length);
    for (const s of batch.spans) {
      expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(s.endMs).toBeGreaterThanOrEqual(s.startMs);
      expect(s.startMs).toBeGreaterThanOrEqual(START);
      if (s.parentSpanId === '') {
        expect(s.kind).toBe(SpanKind.SERVER);
        continue;
      }
      const parent = byId.get(s.parentSpanId)!;
      expect(parent.traceId).toBe(s.traceId);
      expect(s.startMs).toBeGreaterThanOrEqual(parent.startMs);
      if (s.kind === SpanKind.SERVER) {
        // a server span's parent is the caller's client span, in another service
        expect(parent.kind).toBe(SpanKind.CLIENT);
        expect(parent.service).not.toBe(s.service);
        expect(parent.endMs).toBeGreaterThanOrEqual(s.endMs);
      } else {
        expect(parent.kind).toBe(SpanKind.SERVER);
        expect(parent.service).toBe(s.service);
        expect(parent.endMs).toBeGreaterThanOrEqual(s.endMs);
      }
    }
    const clients = batch.spans.filter((s) => s.kind === SpanKind.CLIENT);
    expect(clients.some((s) => s.dbSystem && s.dbName)).toBe(true);
    expect(clients.some((s) => s.serverAddress && s.peerService)).toBe(true);
  });

  it('puts peer.service on client spans to services in some topologies and not in others', () => {
    const flags = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => {
      const sim = createSimulation({ seed, startMs: START });
      const toServices = sim.minute(0).spans.filter((s) => s.kind === SpanKind.CLIENT && !s.dbSystem && !s.serverAddress);
      return toServices.every((s) => s.peerService !== undefined) ? 'all' : toServices.some((s) => s.peerService) ? 'mixed' : 'none';
    });
    expect(flags).toContain('all');
    expect(flags).toContain('none');
    expect(flags).not.toContain('mixed');
  });

  it('keeps base error rates low and volume modest', () => {
    const batches = minutes(createSimulation({ seed: 21, startMs: START }), 0, 5);
    const entries = batches.flatMap((b) => b.spans.filter((s) => s.parentSpanId === ''));
    expect(entries.length / 5).toBeGreaterThan(60);
    expect(entries.length / 5).toBeLessThan(300);
    const servers = batches.flatMap((b) => b.spans.filter((s) => s.kind === SpanKind.SERVER));
    expect(errorRate(servers)).toBeLessThan(0.03);
    expect(errorRate(servers)).toBeGreaterThan(0);
  });

  it('follows a diurnal curve over event time (peak 14:00 UTC, trough 02:00)', () => {
    const day = Date.UTC(2026, 0, 5);
    const count = (hour: number) => {
      const sim = createSimulation({ seed: 4, startMs: day + hour * 3_600_000, burstProbability: 0 });
      return mean(minutes(sim, 0, 6).map((b) => b.spans.filter((s) => s.parentSpanId === '').length));
    };
    const peak = count(14);
    const trough = count(2);
    const mid = count(8);
    expect(peak / trough).toBeGreaterThan(1.6);
    expect(mid).toBeGreaterThan(trough);
    expect(mid).toBeLessThan(peak);
  });

  it('emits resource and runtime metrics per service and logs with trace ids', () => {
    const sim = createSimulation({ seed: 13, startMs: START });
    const b = sim.minute(2);
    for (const s of sim.topology.services) {
      const own = b.metrics.filter((m) => m.service === s.name);
      const cpu = own.find((m) => m.name === 'process.cpu.utilization')!;
      expect(cpu.value).toBeGreaterThan(0);
      expect(cpu.value).toBeLessThan(1);
      expect(own.find((m) => m.name === 'process.memory.usage')!.value).toBeGreaterThan(1e7);
      if (s.runtime === 'jvm') expect(own.some((m) => m.name === 'jvm.gc.duration' && m.kind === 'histogram')).toBe(true);
      for (const db of s.databases) {
        const max = own.find((m) => m.name === 'db.client.connection.max' && m.attributes['db.client.connection.pool.name'] === db)!;
        const used = own.find((m) => m.name === 'db.client.connection.count' && m.attributes['db.client.connection.pool.name'] === db
          && m.attributes['db.client.connection.state'] === 'used')!;
        expect(used.value).toBeLessThan(max.value * 0.7);
      }
      for (const m of own) {
        expect(m.timeMs).toBeGreaterThanOrEqual(START + 2 * 60_000);
        expect(m.timeMs).toBeLessThan(START + 3 * 60_000);
      }
    }
    const traceIds = new Set(b.spans.map((s) => s.traceId));
    const withTrace = b.logs.filter((l) => l.traceId !== '');
    expect(withTrace.length).toBeGreaterThan(0);
    for (const l of withTrace) expect(traceIds.has(l.traceId)).toBe(true);
  });

  it('generates one minute of a 12-service topology at 120 rpm in under 20 ms', () => {
    const sim = createSimulation({ seed: 3, startMs: START, services: 12, ratePerMinute: 120 });
    for (let i = 0; i < 5; i++) sim.minute(i);
    const t0 = performance.now();
    for (let i = 5; i < 25; i++) sim.minute(i);
    const perMinute = (performance.now() - t0) / 20;
    console.log(`sim: ${perMinute.toFixed(2)} ms per simulated minute (12 services, 120 rpm)`);
    expect(perMinute).toBeLessThan(20);
  });
});
