import { AiopsError } from '../core/errors.js';
import { rng, tag, type Rng } from './random.js';
import type { FaultKind, FaultSpec, GroundTruth, SimAction, Topology } from './types.js';

/** A resolved fault: target chosen, magnitudes drawn from the seed. Fields a kind does not use are neutral. */
export interface FaultPlan {
  kind: FaultKind;
  target: string;
  atMinute: number;
  durationMinutes: number;
  /** Own-work multiplier (latency), query latency multiplier (db), saturation latency multiplier (cpu). */
  latencyMult: number;
  /** Own error rate (errors), connection error rate (db), share of calls lost on the wire (network). */
  errorRate: number;
  /** CPU utilisation under the cpu fault; pool use under the db fault. */
  level: number;
  /** Memory growth at full leak, as a multiple of the base memory. */
  growth: number;
  /** Added wire delay per call into and out of the target (network), and its ± jitter. */
  delayMs: number;
  jitterMs: number;
  /** Extra requests per minute as a multiple of the target's normal rate (traffic), on `surgeOps`. */
  surge: number;
  surgeOps: string[];
}

const NEUTRAL = { latencyMult: 1, errorRate: 0, level: 0, growth: 0, delayMs: 0, jitterMs: 0, surge: 0, surgeOps: [] as string[] };

export interface ServiceEffects {
  latencyMult: number;
  errorRate: number;
  /** CPU utilisation forced by a fault (0 = none). */
  cpuFloor: number;
  /** AUTO_SCALE divides load-driven CPU and saturation latency by this. */
  scale: number;
  memoryAddBytes: number;
  gcMult: number;
  version?: string;
}

export interface DbEffects { latencyMult: number; errorRate: number; poolUse: number }

/** A degraded network interface on a service: every call into or out of it crosses it. */
export interface NetworkEffects { delayMs: number; jitterMs: number; lossRate: number }

/** Uninstrumented extra requests arriving at `target` on `ops`, `mult` × its normal rate. */
export interface SurgeEffects { target: string; ops: string[]; mult: number }

export interface MinuteEffects {
  services: Map<string, ServiceEffects>;
  dbs: Map<string, DbEffects>;
  /** Targets whose callers fail fast (CIRCUIT_BREAK). */
  circuitOpen: Set<string>;
  /** Share of entry traffic admitted (RATE_LIMIT). */
  admitted: number;
  /** Services behind a degraded network interface (network fault). */
  network: Map<string, NetworkEffects>;
  surge: SurgeEffects | null;
}

export const NO_SERVICE_EFFECTS: ServiceEffects = { latencyMult: 1, errorRate: 0, cpuFloor: 0, scale: 1, memoryAddBytes: 0, gcMult: 1 };

/** The effects of one service in a minute, created neutral on first use so they can be changed. */
export function serviceEffects(fx: MinuteEffects, name: string): ServiceEffects {
  let e = fx.services.get(name);
  if (!e) fx.services.set(name, (e = { ...NO_SERVICE_EFFECTS }));
  return e;
}

/** Minutes over which a memory leak reaches full size. */
const LEAK_RAMP_MINUTES = 12;

export function planFault(seed: number, topo: Topology, spec: FaultSpec): FaultPlan {
  const r = rng(seed, tag('fault'), tag(spec.kind));
  const target = spec.target ?? pickTarget(r, topo, spec.kind);
  const known = spec.kind === 'db' ? topo.databases.some((d) => d.name === target) : topo.services.some((s) => s.name === target);
  if (!known) throw new AiopsError('USAGE.INVALID', `fault target "${target}" is not a ${spec.kind === 'db' ? 'database' : 'service'} of this topology`);
  const plan = { ...NEUTRAL, kind: spec.kind, target, atMinute: spec.atMinute, durationMinutes: spec.durationMinutes };
  switch (spec.kind) {
    case 'latency': return { ...plan, latencyMult: r.uniform(3, 8) };
    case 'errors': return { ...plan, errorRate: r.uniform(0.2, 0.6) };
    case 'cpu': return { ...plan, latencyMult: r.uniform(2, 4), level: r.uniform(0.92, 0.99) };
    case 'memory': return { ...plan, latencyMult: r.uniform(2, 3.5), errorRate: r.uniform(0.08, 0.2), growth: r.uniform(1.5, 3) };
    case 'db': return { ...plan, latencyMult: r.uniform(5, 20), errorRate: r.uniform(0.02, 0.08), level: r.uniform(0.9, 1) };
    case 'network': {
      const delayMs = r.uniform(80, 400);
      return { ...plan, delayMs, jitterMs: delayMs * r.uniform(0.1, 0.25), errorRate: r.uniform(0.01, 0.05) };
    }
    case 'traffic': {
      const ops = topo.services.find((s) => s.name === target)!.operations.map((op) => op.name);
      return { ...plan, surge: r.uniform(2, 4), surgeOps: r.shuffle(ops).slice(0, r.int(1, 2)) };
    }
  }
}

/**
 * A target that sees traffic: a non-entry service with ≥ 0.2 visits per entry request, or for `db` a database
 * with ≥ 0.15. A traffic surge may also hit an entry service (a scraper or batch job calls it directly).
 */
function pickTarget(r: Rng, topo: Topology, kind: FaultKind): string {
  if (kind === 'db') {
    const busy = topo.databases.filter((d) => d.visitsPerRequest >= 0.15);
    return r.pick(busy.length > 0 ? busy : topo.databases).name;
  }
  const eligible = topo.services.filter((s) => kind === 'traffic' || s.layer > 0);
  const busy = eligible.filter((s) => s.visitsPerRequest >= 0.2);
  return r.pick(busy.length > 0 ? busy : eligible).name;
}

export function groundTruthOf(plan: FaultPlan, startMs: number): GroundTruth {
  return {
    service: plan.target,
    kind: plan.kind,
    at: new Date(startMs + plan.atMinute * 60_000).toISOString(),
    endsAt: new Date(startMs + (plan.atMinute + plan.durationMinutes) * 60_000).toISOString(),
  };
}

/** Effects of the fault and of the remediations already applied, for minute i. */
export function effectsAt(i: number, topo: Topology, plan: FaultPlan | null, actions: readonly SimAction[]): MinuteEffects {
  const fx: MinuteEffects = { services: new Map(), dbs: new Map(), circuitOpen: new Set(), admitted: 1, network: new Map(), surge: null };
  const svc = (name: string) => serviceEffects(fx, name);
  let faultFrom = plan ? plan.atMinute : 0;
  let cleared = false;
  for (const a of actions) {
    if (a.atMinute > i) continue;
    const factor = typeof a.params?.factor === 'number' ? a.params.factor : undefined;
    if (a.type === 'AUTO_SCALE') svc(a.service).scale *= factor ?? 2;
    if (a.type === 'RATE_LIMIT') fx.admitted = Math.min(fx.admitted, factor ?? 0.5);
    if (a.type === 'CIRCUIT_BREAK') fx.circuitOpen.add(a.service);
    if (a.type === 'ROLLBACK') svc(a.service).version = previousVersion(topo.services.find((s) => s.name === a.service)?.version);
    if (!plan || a.service !== plan.target) continue;
    if (a.type === 'ROLLBACK' && (plan.kind === 'latency' || plan.kind === 'errors')) cleared = true;
    if (a.type === 'RESTART' && plan.kind === 'cpu') cleared = true;
    // A rate limit in front of the target sheds the surge. Nothing the simulator executes repairs a network
    // fault (it lies below the service: node, CNI, link), so it lasts until it ends.
    if (a.type === 'RATE_LIMIT' && plan.kind === 'traffic') cleared = true;
    if (a.type === 'RESTART' && plan.kind === 'memory') faultFrom = Math.max(faultFrom, a.atMinute);
  }
  if (!plan || cleared || i < plan.atMinute || i >= plan.atMinute + plan.durationMinutes) return fx;
  if (plan.kind === 'db') {
    fx.dbs.set(plan.target, { latencyMult: plan.latencyMult, errorRate: plan.errorRate, poolUse: plan.level });
    return fx;
  }
  if (plan.kind === 'network') {
    fx.network.set(plan.target, { delayMs: plan.delayMs, jitterMs: plan.jitterMs, lossRate: plan.errorRate });
    return fx;
  }
  if (plan.kind === 'traffic') {
    fx.surge = { target: plan.target, ops: plan.surgeOps, mult: plan.surge };
    return fx;
  }
  const e = svc(plan.target);
  if (plan.kind === 'latency') e.latencyMult = plan.latencyMult;
  if (plan.kind === 'errors') e.errorRate = plan.errorRate;
  if (plan.kind === 'cpu') {
    e.cpuFloor = plan.level;
    e.latencyMult = 1 + (plan.latencyMult - 1) / e.scale;
  }
  if (plan.kind === 'memory') {
    const p = Math.min(1, (i - faultFrom + 1) / LEAK_RAMP_MINUTES);
    const base = topo.services.find((s) => s.name === plan.target)!.memoryBaseBytes;
    e.memoryAddBytes = base * plan.growth * p;
    e.gcMult = 1 + 6 * p;
    e.latencyMult = 1 + (plan.latencyMult - 1) * p * p;
    e.errorRate = p > 0.75 ? plan.errorRate * (p - 0.75) * 4 : 0;
  }
  return fx;
}

function previousVersion(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const [major, minor, patch] = v.split('.').map(Number);
  return patch > 0 ? `${major}.${minor}.${patch - 1}` : minor > 0 ? `${major}.${minor - 1}.9` : `${Math.max(0, major - 1)}.9.9`;
}
