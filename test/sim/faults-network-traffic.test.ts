import { describe, expect, it } from 'vitest';
import { SpanKind, type SpanRecord, type TelemetryBatch } from '../../src/core/telemetry.js';
import { planFault } from '../../src/sim/faults.js';
import { createSimulation } from '../../src/sim/simulation.js';
import type { FaultKind, FaultSpec, Simulation } from '../../src/sim/types.js';
import { errorRate, mean, meanSelfTime, metricValues, minutes, serverSpans, START } from './sim-helpers.js';

const AT = 6;
const SPAN = 6;
const spec = (kind: FaultKind, target?: string): FaultSpec => ({ kind, target, atMinute: AT, durationMinutes: 14 });
const sim = (seed: number, fault?: FaultSpec): Simulation => createSimulation({ seed, startMs: START, burstProbability: 0, fault });
/** The fault's minutes from the faulty run and the same minutes of the same seed without a fault. */
const faultMinutes = (s: Simulation, seed: number) => ({ during: minutes(s, AT, AT + SPAN), clean: minutes(sim(seed), AT, AT + SPAN) });

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const durations = (spans: SpanRecord[]) => spans.map((x) => x.endMs - x.startMs);
const callersOf = (s: Simulation, target: string) => s.topology.services.filter((c) => c.dependsOn.includes(target)).map((c) => c.name);
const serviceCallees = (s: Simulation, name: string) => s.topology.services.find((x) => x.name === name)!.dependsOn.filter((d) => s.topology.services.some((x) => x.name === d));
/** A busy non-entry service that calls other services, so that effects downstream of it can be seen. */
const midTier = (s: Simulation) => s.topology.services.find((x) => x.layer > 0 && x.visitsPerRequest >= 0.2 && serviceCallees(s, x.name).length > 0)!.name;
const rootsAt = (batches: TelemetryBatch[], service: string) => serverSpans(batches, service).filter((x) => x.parentSpanId === '');

/** Client spans of `caller` that reached a server span of `callee`, with that server span. */
function calls(batches: TelemetryBatch[], caller: string, callee: string): { client: SpanRecord; server: SpanRecord }[] {
  const out: { client: SpanRecord; server: SpanRecord }[] = [];
  for (const b of batches) {
    const byId = new Map(b.spans.map((x) => [x.spanId, x]));
    for (const server of b.spans) {
      if (server.kind !== SpanKind.SERVER || server.service !== callee) continue;
      const client = byId.get(server.parentSpanId);
      if (client?.service === caller) out.push({ client, server });
    }
  }
  return out;
}

/** Time a call spends outside the callee: the client span minus the server span it reached (timed-out calls left out). */
const wireTimes = (pairs: { client: SpanRecord; server: SpanRecord }[]) =>
  pairs.filter((p) => p.client.endMs >= p.server.endMs).map((p) => p.client.endMs - p.client.startMs - (p.server.endMs - p.server.startMs));

/** Client spans of `caller` that never reached a server span: calls into `callee` lost on the wire. */
function unanswered(batches: TelemetryBatch[], caller: string, calleeOps: Set<string>): SpanRecord[] {
  return batches.flatMap((b) => {
    const answered = new Set(b.spans.filter((x) => x.kind === SpanKind.SERVER).map((x) => x.parentSpanId));
    return b.spans.filter((x) => x.kind === SpanKind.CLIENT && x.service === caller && calleeOps.has(x.name) && !answered.has(x.spanId));
  });
}

describe('network fault', () => {
  const SEED = 17;
  const s = sim(SEED, spec('network'));
  const target = s.groundTruth!.service;
  const plan = planFault(SEED, s.topology, spec('network'));
  const { during, clean } = faultMinutes(s, SEED);

  it('names the target service and draws an 80–400 ms delay and 1–5 % loss from the seed', () => {
    expect(s.groundTruth).toMatchObject({ service: target, kind: 'network' });
    expect(s.topology.services.find((x) => x.name === target)!.layer).toBeGreaterThan(0);
    expect(plan.delayMs).toBeGreaterThanOrEqual(80);
    expect(plan.delayMs).toBeLessThanOrEqual(400);
    expect(plan.errorRate).toBeGreaterThanOrEqual(0.01);
    expect(plan.errorRate).toBeLessThanOrEqual(0.05);
  });

  it('slows every call into the target on the wire while the target itself works as fast as before', () => {
    const callers = callersOf(s, target);
    expect(callers.length).toBeGreaterThan(0);
    for (const caller of callers) {
      const faulty = wireTimes(calls(during, caller, target));
      expect(faulty.length).toBeGreaterThan(20);
      expect(Math.min(...faulty)).toBeGreaterThanOrEqual(plan.delayMs - plan.jitterMs);
      expect(Math.max(...wireTimes(calls(clean, caller, target)))).toBeLessThan(2);
      // the client span of the caller rises by the delay at least: the delay plus whatever the target adds
      const rise = mean(durations(calls(during, caller, target).map((p) => p.client))) - mean(durations(calls(clean, caller, target).map((p) => p.client)));
      expect(rise).toBeGreaterThanOrEqual(plan.delayMs * 0.95);
    }
    expect(meanSelfTime(during, target) / meanSelfTime(clean, target)).toBeGreaterThan(0.8);
    expect(meanSelfTime(during, target) / meanSelfTime(clean, target)).toBeLessThan(1.2);
  });

  it('keeps the server spans of a target without outgoing calls at their normal duration', () => {
    const seed = 3;
    const leaf = sim(seed).topology.services.find((x) => x.layer > 0 && x.dependsOn.length === 0 && x.visitsPerRequest > 0.1)!.name;
    const faulty = sim(seed, spec('network', leaf));
    const { during: d, clean: c } = faultMinutes(faulty, seed);
    const ratio = median(durations(serverSpans(d, leaf))) / median(durations(serverSpans(c, leaf)));
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(1.2);
    const leafPlan = planFault(seed, faulty.topology, spec('network', leaf));
    for (const caller of callersOf(faulty, leaf)) {
      expect(median(wireTimes(calls(d, caller, leaf)))).toBeGreaterThan(leafPlan.delayMs * 0.8);
    }
  });

  it('loses 1–5 % of the calls into the target: timeouts and connection resets at the caller', () => {
    const ops = new Set(s.topology.services.find((x) => x.name === target)!.operations.map((op) => op.name));
    let lost = 0;
    let total = 0;
    for (const caller of callersOf(s, target)) {
      const gone = unanswered(during, caller, ops);
      expect(gone.every((x) => x.statusCode === 2 && x.httpStatus === undefined)).toBe(true);
      lost += gone.length;
      total += gone.length + calls(during, caller, target).length;
      expect(unanswered(clean, caller, ops)).toHaveLength(0);
    }
    expect(lost / total).toBeGreaterThan(0.003);
    expect(lost / total).toBeLessThan(0.07);
    const warnings = during.flatMap((b) => b.logs.filter((l) => l.severityText === 'WARN' && l.body.includes(`call to ${target} `)));
    expect(warnings.some((l) => /connection reset by peer/.test(l.body))).toBe(true);
    expect(warnings.some((l) => /timed out/.test(l.body))).toBe(true);
  });

  it('delays the target outgoing calls too, while its callees answer as fast as before', () => {
    const queries = (bs: TelemetryBatch[]) => bs.flatMap((b) => b.spans.filter((x) => x.service === target && x.kind === SpanKind.CLIENT && x.dbSystem));
    expect(queries(clean).length).toBeGreaterThan(0);
    expect(mean(durations(queries(during))) - mean(durations(queries(clean)))).toBeGreaterThan(plan.delayMs * 0.8);
    const mid = midTier(s);
    const egress = sim(SEED, spec('network', mid));
    const midPlan = planFault(SEED, egress.topology, spec('network', mid));
    const { during: d, clean: c } = faultMinutes(egress, SEED);
    for (const callee of serviceCallees(s, mid)) {
      expect(Math.min(...wireTimes(calls(d, mid, callee)))).toBeGreaterThanOrEqual(midPlan.delayMs - midPlan.jitterMs);
      const ratio = median(durations(serverSpans(d, callee))) / median(durations(serverSpans(c, callee)));
      expect(ratio).toBeGreaterThan(0.8);
      expect(ratio).toBeLessThan(1.2);
    }
  });

  it('leaves the target CPU and memory as they were', () => {
    for (const name of ['process.cpu.utilization', 'process.memory.usage']) {
      expect(metricValues(during, target, name)).toEqual(metricValues(clean, target, name));
    }
  });
});

describe('traffic fault', () => {
  const SEED = 17;
  const s = sim(SEED, spec('traffic'));
  const target = s.groundTruth!.service;
  const plan = planFault(SEED, s.topology, spec('traffic'));
  const { during, clean } = faultMinutes(s, SEED);

  it('draws a 2–4 × surge on one or two of the target operations', () => {
    expect(s.groundTruth).toMatchObject({ service: target, kind: 'traffic' });
    expect(plan.surge).toBeGreaterThanOrEqual(2);
    expect(plan.surge).toBeLessThanOrEqual(4);
    expect(plan.surgeOps.length).toBeGreaterThanOrEqual(1);
    expect(plan.surgeOps.length).toBeLessThanOrEqual(2);
  });

  it('multiplies the target requests with new root traces while its callers keep their rate', () => {
    const surged = serverSpans(during, target).length;
    const normal = serverSpans(clean, target).length;
    expect(surged / normal).toBeGreaterThan(2);
    const roots = rootsAt(during, target);
    expect(rootsAt(clean, target)).toHaveLength(0);
    expect(roots.length / normal).toBeGreaterThan(1.5);
    expect(new Set(roots.map((x) => x.name))).toEqual(new Set(plan.surgeOps));
    // the organic requests are those of the fault-free run
    expect(Math.abs(surged - roots.length - normal) / normal).toBeLessThan(0.2);
    const callers = callersOf(s, target);
    expect(callers.length).toBeGreaterThan(0);
    for (const caller of callers) {
      const ratio = serverSpans(during, caller).length / serverSpans(clean, caller).length;
      expect(ratio).toBeGreaterThan(0.8);
      expect(ratio).toBeLessThan(1.2);
    }
  });

  it('passes the extra requests on to the target callees', () => {
    const mid = midTier(s);
    const surged = sim(SEED, spec('traffic', mid));
    const { during: d, clean: c } = faultMinutes(surged, SEED);
    const rootTraces = new Set(rootsAt(d, mid).map((x) => x.traceId));
    let extra = 0;
    for (const callee of serviceCallees(s, mid)) {
      const downstream = serverSpans(d, callee).filter((x) => rootTraces.has(x.traceId));
      extra += downstream.length;
      expect(serverSpans(d, callee).length - downstream.length).toBe(serverSpans(c, callee).length);
    }
    expect(extra).toBeGreaterThan(50);
  });

  it('raises the target CPU with its load, and past 0.85 its latency grows', () => {
    const cpu = metricValues(during, target, 'process.cpu.utilization');
    expect(Math.min(...cpu)).toBeGreaterThan(0.85);
    expect(Math.max(...metricValues(clean, target, 'process.cpu.utilization'))).toBeLessThan(0.6);
    expect(median(durations(serverSpans(during, target))) / median(durations(serverSpans(clean, target)))).toBeGreaterThan(1.5);
    expect(during.flatMap((b) => b.logs).some((l) => l.service === target && /worker pool saturated/.test(l.body))).toBe(true);
  });

  it('leaves latency alone when the surge keeps CPU below saturation', () => {
    const seed = 1;
    const light = sim(seed, spec('traffic'));
    const t = light.groundTruth!.service;
    const { during: d, clean: c } = faultMinutes(light, seed);
    const cpu = metricValues(d, t, 'process.cpu.utilization');
    expect(mean(cpu)).toBeGreaterThan(mean(metricValues(c, t, 'process.cpu.utilization')) * 1.5);
    expect(Math.max(...cpu)).toBeLessThan(0.85);
    const ratio = median(durations(serverSpans(d, t))) / median(durations(serverSpans(c, t)));
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(1.2);
    expect(errorRate(serverSpans(d, t))).toBeLessThan(0.03);
  });

  it('may hit an entry service, whose surge adds root spans beside its organic ones', () => {
    const entry = s.topology.entrypoints[0];
    const hit = sim(SEED, spec('traffic', entry));
    expect(hit.groundTruth).toMatchObject({ service: entry, kind: 'traffic' });
    const { during: d, clean: c } = faultMinutes(hit, SEED);
    expect(rootsAt(d, entry).length / rootsAt(c, entry).length).toBeGreaterThan(2);
  });
});
