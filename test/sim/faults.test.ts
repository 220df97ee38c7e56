import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../src/core/telemetry.js';
import { createSimulation } from '../../src/sim/simulation.js';
import { FAULT_KINDS, type FaultKind, type Simulation } from '../../src/sim/types.js';
import { callerSpansOf, errorRate, mean, meanDuration, meanSelfTime, metricValues, minutes, serverSpans, START } from './sim-helpers.js';

const AT = 6;
const sim = (kind: FaultKind, seed = 17, target?: string): Simulation =>
  createSimulation({ seed, startMs: START, burstProbability: 0, fault: { kind, target, atMinute: AT, durationMinutes: 14 } });

/** Direct callers of a service, from the topology. */
const callersOf = (s: Simulation, target: string) => s.topology.services.filter((c) => c.dependsOn.includes(target)).map((c) => c.name);

describe('fault injection', () => {
  it('leaves minutes before the fault identical to the same seed without a fault', () => {
    for (const kind of FAULT_KINDS) {
      const faulty = sim(kind);
      const clean = createSimulation({ seed: 17, startMs: START, burstProbability: 0 });
      expect(faulty.minute(AT - 1)).toEqual(clean.minute(AT - 1));
      expect(faulty.minute(AT)).not.toEqual(clean.minute(AT));
    }
  });

  it('reports ground truth with the target, kind and event times', () => {
    const s = sim('latency');
    const svc = s.topology.services.find((x) => x.name === s.groundTruth!.service)!;
    expect(svc.layer).toBeGreaterThan(0);
    expect(s.groundTruth).toEqual({
      service: svc.name, kind: 'latency',
      at: new Date(START + AT * 60_000).toISOString(), endsAt: new Date(START + (AT + 14) * 60_000).toISOString(),
    });
    const db = sim('db');
    expect(db.topology.databases.map((d) => d.name)).toContain(db.groundTruth!.service);
    expect(createSimulation({ seed: 1, startMs: START }).groundTruth).toBeNull();
    const picked = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => sim('errors', seed).groundTruth!.service));
    expect(picked.size).toBeGreaterThan(4);
  });

  it('honours an explicit target and rejects an unknown one', () => {
    const any = createSimulation({ seed: 17, startMs: START });
    const target = any.topology.services.find((s) => s.layer > 0)!.name;
    expect(sim('cpu', 17, target).groundTruth!.service).toBe(target);
    expect(() => sim('cpu', 17, 'no-such-service')).toThrow(/not a service/);
    expect(() => sim('db', 17, target)).toThrow(/not a database/);
  });

  it('latency: multiplies the target own work from atMinute on, and callers slow down with it', () => {
    const s = sim('latency');
    const target = s.groundTruth!.service;
    const before = minutes(s, 0, AT);
    const during = minutes(s, AT, AT + 6);
    expect(meanSelfTime(during, target) / meanSelfTime(before, target)).toBeGreaterThan(2.5);
    expect(meanDuration(serverSpans(during, target)) / meanDuration(serverSpans(before, target))).toBeGreaterThan(1.2);
    for (const caller of callersOf(s, target)) {
      const ratio = meanDuration(callerSpansOf(during, caller, target)) / meanDuration(callerSpansOf(before, caller, target));
      expect(ratio).toBeGreaterThan(1.1);
    }
    expect(callersOf(s, target).length).toBeGreaterThan(0);
  });

  it('errors: the target fails 20–60 % of requests and failures propagate to callers', () => {
    const s = sim('errors');
    const target = s.groundTruth!.service;
    const before = minutes(s, 0, AT);
    const during = minutes(s, AT, AT + 5);
    expect(errorRate(serverSpans(before, target))).toBeLessThan(0.03);
    expect(errorRate(serverSpans(during, target))).toBeGreaterThan(0.15);
    expect(errorRate(serverSpans(during, target))).toBeLessThan(0.7);
    for (const caller of callersOf(s, target)) {
      expect(errorRate(callerSpansOf(during, caller, target))).toBeGreaterThan(0.05);
    }
    const errorLogs = during.flatMap((b) => b.logs.filter((l) => l.service === target && l.severityText === 'ERROR'));
    expect(errorLogs.length).toBeGreaterThan(10);
  });

  it('cpu: the target CPU goes above 0.9 and its latency rises', () => {
    const s = sim('cpu');
    const target = s.groundTruth!.service;
    const before = minutes(s, 0, AT);
    const during = minutes(s, AT, AT + 4);
    expect(Math.max(...metricValues(before, target, 'process.cpu.utilization'))).toBeLessThan(0.8);
    expect(Math.min(...metricValues(during, target, 'process.cpu.utilization'))).toBeGreaterThan(0.9);
    expect(meanDuration(serverSpans(during, target)) / meanDuration(serverSpans(before, target))).toBeGreaterThan(1.5);
  });

  it('memory: a leak ramps memory and GC time up, latency follows, OOM errors come late', () => {
    const s = sim('memory', 23);
    const target = s.groundTruth!.service;
    const mem = (i: number) => metricValues([s.minute(i)], target, 'process.memory.usage')[0];
    expect(mem(AT - 1) / mem(0)).toBeLessThan(1.15);
    expect(mem(AT + 2)).toBeGreaterThan(mem(AT - 1));
    expect(mem(AT + 11) / mem(AT - 1)).toBeGreaterThan(2.2);
    const late = minutes(s, AT + 11, AT + 14);
    const before = minutes(s, 0, AT);
    expect(meanDuration(serverSpans(late, target)) / meanDuration(serverSpans(before, target))).toBeGreaterThan(1.5);
    expect(errorRate(serverSpans(late, target))).toBeGreaterThan(0.02);
    expect(late.flatMap((b) => b.logs).some((l) => l.service === target && /GC overhead/.test(l.body))).toBe(true);
    const runtime = s.topology.services.find((x) => x.name === target)!.runtime;
    if (runtime === 'jvm' || runtime === 'nodejs') {
      const gc = runtime === 'jvm' ? 'jvm.gc.duration' : 'v8js.gc.duration';
      expect(mean(metricValues(late, target, gc)) / mean(metricValues(before, target, gc))).toBeGreaterThan(3);
    }
  });

  it('db: query latency jumps, callers see connection errors and full pools, and slow down', () => {
    const s = sim('db');
    const dbName = s.groundTruth!.service;
    const before = minutes(s, 0, AT);
    const during = minutes(s, AT, AT + 5);
    const queries = (bs: typeof before) => bs.flatMap((b) => b.spans.filter((x) => x.kind === SpanKind.CLIENT && x.dbName === dbName));
    expect(meanDuration(queries(during)) / meanDuration(queries(before))).toBeGreaterThan(4);
    expect(errorRate(queries(during))).toBeGreaterThan(0.01);
    const callers = s.topology.databases.find((d) => d.name === dbName)!.callers;
    for (const caller of callers) {
      const pool = (bs: typeof before, name: string) => metricValues(bs, caller, name, (p) => p.attributes['db.client.connection.pool.name'] === dbName
        && (name === 'db.client.connection.max' || p.attributes['db.client.connection.state'] === 'used'));
      const useBefore = mean(pool(before, 'db.client.connection.count')) / mean(pool(before, 'db.client.connection.max'));
      const useDuring = mean(pool(during, 'db.client.connection.count')) / mean(pool(during, 'db.client.connection.max'));
      expect(useBefore).toBeLessThan(0.6);
      expect(useDuring).toBeGreaterThan(0.85);
      expect(meanDuration(serverSpans(during, caller)) / meanDuration(serverSpans(before, caller))).toBeGreaterThan(1.2);
    }
  });

  it('ends the fault after durationMinutes', () => {
    const s = sim('errors');
    const target = s.groundTruth!.service;
    expect(errorRate(serverSpans(minutes(s, AT + 14, AT + 18), target))).toBeLessThan(0.03);
  });
});
