import { AiopsError } from '../core/errors.js';
import { SpanKind, type TelemetryBatch } from '../core/telemetry.js';
import { effectsAt, groundTruthOf, planFault, serviceEffects } from './faults.js';
import { serviceMetrics } from './metrics-gen.js';
import { MinuteStats } from './minute-stats.js';
import { applySaturation, surgeMinute, surgeVisits } from './surge.js';
import { rng, tag } from './random.js';
import { buildTopology } from './topology.js';
import { applyDeployments, planDeployments } from './deployments.js';
import { cycleFactor, diversifyTopology } from './heavy-tails.js';
import { mixedWeights, mixWaves } from './traffic-mix.js';
import { indexTopology, TraceWalker } from './trace-walker.js';
import { entryRequests, type TrafficShape } from './traffic.js';
import type { SimAction, SimConfig, SimOperation, SimService, Simulation } from './types.js';

const ACTION_TYPES = new Set(['RESTART', 'AUTO_SCALE', 'ROLLBACK', 'RATE_LIMIT', 'CIRCUIT_BREAK']);

/**
 * A deterministic simulated system: topology and fault from the seed, telemetry per minute on demand.
 * `minute(i)` depends only on (config, i, actions applied with atMinute ≤ i), so minutes can be produced in
 * any order, and minutes before the fault are identical to those of the same seed without a fault.
 */
export function createSimulation(cfg: SimConfig): Simulation {
  if (!Number.isFinite(cfg.startMs) || cfg.startMs % 60_000 !== 0) {
    throw new AiopsError('USAGE.INVALID', `startMs must be aligned to a minute, got ${cfg.startMs}`);
  }
  const profile = cfg.profile ?? 'classic';
  const topology = buildTopology(cfg.seed, cfg.services ?? 12, profile);
  const diverse = cfg.profile === 'diverse';
  if (diverse) diversifyTopology(cfg.seed, topology);
  const ix = indexTopology(topology);
  const plan = cfg.fault ? planFault(cfg.seed, topology, cfg.fault) : null;
  const deployments = planDeployments(cfg.seed, topology, profile, plan && cfg.fault ? { spec: cfg.fault, target: plan.target } : null);
  const actions: SimAction[] = [];
  const rate = cfg.ratePerMinute ?? 120;
  const shape: TrafficShape = {
    seed: cfg.seed, startMs: cfg.startMs, ratePerMinute: rate,
    diurnalAmplitude: cfg.diurnalAmplitude ?? (diverse ? 0.5 : 0.35), rateNoise: cfg.rateNoise ?? 0.08, burstProbability: cfg.burstProbability ?? 0.02,
  };
  const infoRate = cfg.infoLogRate ?? 0.05;
  const entryOps = topology.services.filter((s) => s.layer === 0).flatMap((s) => s.operations.map((op) => ({ s, op })));
  const totalWeight = entryOps.reduce((sum, e) => sum + e.op.weight, 0);
  const waves = diverse ? mixWaves(cfg.seed, entryOps.length) : [];
  const baseWeights = entryOps.map((e) => e.op.weight);
  const surgePerRequest = plan?.kind === 'traffic' ? surgeVisits(ix, { target: plan.target, ops: plan.surgeOps, mult: plan.surge }) : undefined;

  /** Entry weights of minute i: fixed in the classic profile, shifting in the diverse one. */
  function weightsAt(i: number): { weights: readonly number[]; total: number } {
    if (!diverse) return { weights: baseWeights, total: totalWeight };
    const weights = mixedWeights(baseWeights, waves, i);
    return { weights, total: weights.reduce((a, b) => a + b, 0) };
  }

  function pickEntry(u: number, mix: { weights: readonly number[]; total: number }): { s: SimService; op: SimOperation } {
    let acc = 0;
    for (let k = 0; k < entryOps.length; k++) {
      acc += mix.weights[k] / mix.total;
      if (u < acc) return entryOps[k];
    }
    return entryOps[entryOps.length - 1];
  }

  function minute(i: number): TelemetryBatch {
    const fx = effectsAt(i, topology, plan, actions);
    if (deployments.length > 0) applyDeployments(fx, deployments, actions, i);
    if (diverse) for (const s of topology.services) if (s.cycle) serviceEffects(fx, s.name).latencyMult *= cycleFactor(s, i);
    const mix = weightsAt(i);
    const m0 = cfg.startMs + i * 60_000;
    const r = rng(cfg.seed, tag('requests'), i);
    const n = entryRequests(shape, i);
    const starts = Array.from({ length: n }, () => m0 + Math.round(r.next() * 60_000_000) / 1000).sort((a, b) => a - b);
    const batch: TelemetryBatch = { spans: [], metrics: [], logs: [], source: 'sim' };
    const stats = new MinuteStats();
    // A surge's requests come from their own streams, so the organic requests stay those of the no-fault run.
    const surge = fx.surge && surgePerRequest ? surgeMinute(ix, fx.surge, surgePerRequest, rate, m0, rng(cfg.seed, tag('surge'), i)) : undefined;
    if (surge) applySaturation(ix, fx, surge.extraLoad, (n * fx.admitted) / rate);
    const walker = new TraceWalker(ix, fx, rng(cfg.seed, tag('walk'), i), batch.spans, batch.logs, stats);
    let admitted = 0;
    for (const start of starts) {
      const { s, op } = pickEntry(r.next(), mix);
      if (fx.admitted < 1 && !r.chance(fx.admitted)) {
        batch.spans.push({
          traceId: r.hexId(16), spanId: r.hexId(8), parentSpanId: '', service: s.name, name: op.name, kind: SpanKind.SERVER,
          startMs: start, endMs: start + 0.25, statusCode: 0, httpStatus: 429, serviceVersion: fx.services.get(s.name)?.version ?? s.version,
        });
        continue;
      }
      admitted++;
      const out = walker.request(s, op, start);
      if (!out.error && r.chance(infoRate)) {
        const root = batch.spans[batch.spans.length - 1];
        batch.logs.push({
          service: s.name, timeMs: root.endMs, severityNumber: 9, severityText: 'INFO',
          body: `${op.name} ${out.httpStatus ?? 200} ${(root.endMs - root.startMs).toFixed(1)} ms`, traceId: root.traceId,
        });
      }
    }
    if (surge) {
      const target = ix.services.get(fx.surge!.target)!;
      const surgeWalker = new TraceWalker(ix, fx, rng(cfg.seed, tag('surge-walk'), i), batch.spans, batch.logs, stats);
      for (const req of surge.requests) surgeWalker.request(target, req.op, req.startMs);
    }
    const runtime = serviceMetrics({ ix, fx, stats, load: admitted / rate, extraLoad: surge?.extraLoad, minute: i, timeMs: m0 + 59_000, r: rng(cfg.seed, tag('metrics'), i) });
    batch.metrics = runtime.metrics;
    batch.logs.push(...runtime.logs);
    return batch;
  }

  function applyAction(action: SimAction): void {
    if (!ACTION_TYPES.has(action.type)) throw new AiopsError('USAGE.INVALID', `unknown action type ${String(action.type)}`);
    const known = ix.services.has(action.service) || (action.type === 'CIRCUIT_BREAK' && (ix.dbs.has(action.service) || ix.externals.has(action.service)));
    if (!known) throw new AiopsError('USAGE.INVALID', `${action.type} target "${action.service}" is not part of the simulated system`);
    actions.push({ ...action });
    actions.sort((a, b) => a.atMinute - b.atMinute);
  }

  return { topology, groundTruth: plan ? groundTruthOf(plan, cfg.startMs) : null, deployments, minute, applyAction };
}
