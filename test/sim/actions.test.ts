import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../src/core/telemetry.js';
import { createSimulation } from '../../src/sim/simulation.js';
import type { FaultKind } from '../../src/sim/types.js';
import { errorRate, mean, meanSelfTime, metricValues, minutes, serverSpans, START } from './sim-helpers.js';

const faulty = (kind: FaultKind, seed = 31) =>
  createSimulation({ seed, startMs: START, burstProbability: 0, fault: { kind, atMinute: 2, durationMinutes: 30 } });

describe('applyAction', () => {
  it('ROLLBACK removes an errors fault from its minute on and reverts the version', () => {
    const s = faulty('errors');
    const target = s.groundTruth!.service;
    const version = s.topology.services.find((x) => x.name === target)!.version;
    const beforeAction = s.minute(8);
    s.applyAction({ type: 'ROLLBACK', service: target, atMinute: 10 });
    expect(s.minute(8)).toEqual(beforeAction);
    expect(errorRate(serverSpans(minutes(s, 5, 10), target))).toBeGreaterThan(0.15);
    const after = serverSpans(minutes(s, 10, 14), target);
    expect(errorRate(after)).toBeLessThan(0.03);
    expect(after.every((x) => x.serviceVersion !== version)).toBe(true);
  });

  it('ROLLBACK removes a latency fault', () => {
    const s = faulty('latency');
    const target = s.groundTruth!.service;
    const base = meanSelfTime(minutes(s, 0, 2), target);
    s.applyAction({ type: 'ROLLBACK', service: target, atMinute: 6 });
    expect(meanSelfTime(minutes(s, 3, 6), target) / base).toBeGreaterThan(2.5);
    expect(meanSelfTime(minutes(s, 6, 9), target) / base).toBeLessThan(1.4);
  });

  it('RESTART resets a memory leak, which then grows again from zero', () => {
    const s = faulty('memory');
    const target = s.groundTruth!.service;
    const mem = (i: number) => metricValues([s.minute(i)], target, 'process.memory.usage')[0];
    const leaked = mem(16);
    s.applyAction({ type: 'RESTART', service: target, atMinute: 17 });
    expect(mem(16)).toBe(leaked);
    expect(mem(17)).toBeLessThan(leaked * 0.6);
    expect(mem(24)).toBeGreaterThan(mem(17));
  });

  it('RESTART clears a cpu fault; AUTO_SCALE halves its saturation effects', () => {
    const scaled = faulty('cpu');
    const target = scaled.groundTruth!.service;
    const cpu = (i: number) => metricValues([scaled.minute(i)], target, 'process.cpu.utilization')[0];
    const slow = meanSelfTime(minutes(scaled, 4, 8), target);
    const base = meanSelfTime(minutes(scaled, 0, 2), target);
    scaled.applyAction({ type: 'AUTO_SCALE', service: target, atMinute: 8 });
    const eased = meanSelfTime(minutes(scaled, 8, 12), target);
    expect(eased - base).toBeLessThan((slow - base) * 0.65);
    expect(eased - base).toBeGreaterThan((slow - base) * 0.3);
    expect(cpu(9)).toBeLessThan(0.8);
    const restarted = faulty('cpu');
    restarted.applyAction({ type: 'RESTART', service: target, atMinute: 8 });
    expect(metricValues([restarted.minute(9)], target, 'process.cpu.utilization')[0]).toBeLessThan(0.7);
  });

  it('RATE_LIMIT admits a share of entry traffic and answers the rest with 429', () => {
    const s = createSimulation({ seed: 31, startMs: START, burstProbability: 0 });
    const entry = s.topology.entrypoints[0];
    const walked = (i: number) => s.minute(i).spans.filter((x) => x.parentSpanId === '' && x.httpStatus !== 429).length;
    const before = mean([0, 1, 2].map(walked));
    s.applyAction({ type: 'RATE_LIMIT', service: entry, atMinute: 3, params: { factor: 0.4 } });
    const after = mean([3, 4, 5].map(walked));
    expect(after / before).toBeGreaterThan(0.25);
    expect(after / before).toBeLessThan(0.55);
    expect(s.minute(4).spans.some((x) => x.httpStatus === 429 && x.statusCode === 0)).toBe(true);
  });

  it('CIRCUIT_BREAK makes calls to the target fail fast without reaching it', () => {
    const s = faulty('latency');
    const target = s.groundTruth!.service;
    s.applyAction({ type: 'CIRCUIT_BREAK', service: target, atMinute: 5 });
    const b = minutes(s, 5, 7);
    expect(serverSpans(b, target)).toHaveLength(0);
    const open = b.flatMap((x) => x.spans.filter((sp) => sp.kind === SpanKind.CLIENT && sp.statusCode === 2 && sp.endMs - sp.startMs < 0.5));
    expect(open.length).toBeGreaterThan(10);
  });

  it('RATE_LIMIT on the target of a traffic surge sheds the surge; AUTO_SCALE only eases its saturation', () => {
    const s = faulty('traffic', 17);
    const target = s.groundTruth!.service;
    const roots = (i: number) => serverSpans([s.minute(i)], target).filter((x) => x.parentSpanId === '').length;
    const cpu = (i: number) => metricValues([s.minute(i)], target, 'process.cpu.utilization')[0];
    const medianMs = (from: number, to: number) => {
      const d = serverSpans(minutes(s, from, to), target).map((x) => x.endMs - x.startMs).sort((a, b) => a - b);
      return d[Math.floor(d.length / 2)];
    };
    const base = medianMs(0, 2);
    expect(cpu(5)).toBeGreaterThan(0.85);
    expect(medianMs(4, 6) / base).toBeGreaterThan(1.5);
    s.applyAction({ type: 'AUTO_SCALE', service: target, atMinute: 6, params: { factor: 4 } });
    expect(roots(7)).toBeGreaterThan(50);
    expect(cpu(7)).toBeLessThan(0.6);
    expect(medianMs(6, 8) / base).toBeLessThan(1.2);
    s.applyAction({ type: 'RATE_LIMIT', service: target, atMinute: 9 });
    expect(roots(8)).toBeGreaterThan(50);
    expect(roots(9)).toBe(0);
  });

  it('no action the simulator executes repairs a network fault', () => {
    const s = faulty('network', 17);
    const target = s.groundTruth!.service;
    /** Mean time calls into the target spend on the wire (client span minus the server span it reached). */
    const wire = (i: number) => {
      const b = s.minute(i);
      const byId = new Map(b.spans.map((x) => [x.spanId, x]));
      const gaps = b.spans.filter((x) => x.service === target && x.kind === SpanKind.SERVER && x.parentSpanId !== '').map((x) => {
        const client = byId.get(x.parentSpanId)!;
        return client.endMs - client.startMs - (x.endMs - x.startMs);
      });
      return mean(gaps.filter((g) => g >= 0));
    };
    expect(wire(1)).toBeLessThan(2);
    expect(wire(3)).toBeGreaterThan(80);
    s.applyAction({ type: 'ROLLBACK', service: target, atMinute: 4 });
    s.applyAction({ type: 'RESTART', service: target, atMinute: 5 });
    s.applyAction({ type: 'AUTO_SCALE', service: target, atMinute: 6 });
    s.applyAction({ type: 'RATE_LIMIT', service: target, atMinute: 7 });
    expect(wire(8)).toBeGreaterThan(80);
  });

  it('rejects an unknown target', () => {
    expect(() => faulty('cpu').applyAction({ type: 'RESTART', service: 'nope', atMinute: 1 })).toThrow(/not part of/);
  });
});
