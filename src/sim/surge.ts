import { serviceEffects, type MinuteEffects, type SurgeEffects } from './faults.js';
import type { Rng } from './random.js';
import type { TopologyIndex } from './trace-walker.js';
import type { SimOperation } from './types.js';

/** CPU utilisation above which a service's latency grows with its queue (the cpu fault sits at 0.92–0.99). */
export const SATURATION_CPU = 0.85;

export interface SurgeMinute {
  /** Extra requests at the surge target in this minute, sorted by start. */
  requests: { op: SimOperation; startMs: number }[];
  /** Extra load per service, in units of its normal load (its visits at the configured mean rate). */
  extraLoad: Map<string, number>;
}

/**
 * Expected SERVER visits per service for one surge request, spread evenly over the surged operations and
 * carried down the call graph as `computeVisits` does for entry traffic (callees sit in deeper layers).
 */
export function surgeVisits(ix: TopologyIndex, surge: SurgeEffects): Map<string, number> {
  const perOp = new Map(surge.ops.map((op) => [`${surge.target} ${op}`, 1 / surge.ops.length]));
  const perService = new Map<string, number>();
  for (const s of [...ix.topo.services].sort((a, b) => a.layer - b.layer)) {
    for (const op of s.operations) {
      const v = perOp.get(`${s.name} ${op.name}`) ?? 0;
      if (v === 0) continue;
      perService.set(s.name, (perService.get(s.name) ?? 0) + v);
      for (const c of op.calls) {
        if (c.kind !== 'service') continue;
        const key = `${c.target} ${c.operation}`;
        perOp.set(key, (perOp.get(key) ?? 0) + v * c.probability * c.repeat);
      }
    }
  }
  return perService;
}

/**
 * The surge of one minute: `mult` × the target's normal rate (its visits at the configured mean rate, not the
 * diurnal curve: a batch job or scraper keeps its own pace), Poisson-counted, on the surged operations.
 */
export function surgeMinute(ix: TopologyIndex, surge: SurgeEffects, visits: ReadonlyMap<string, number>, ratePerMinute: number, m0: number, r: Rng): SurgeMinute {
  const target = ix.services.get(surge.target)!;
  const count = r.poisson(surge.mult * target.visitsPerRequest * ratePerMinute);
  const requests = Array.from({ length: count }, () => ({
    op: ix.ops.get(`${surge.target} ${r.pick(surge.ops)}`)!,
    startMs: m0 + Math.round(r.next() * 60_000_000) / 1000,
  })).sort((a, b) => a.startMs - b.startMs);
  const extraLoad = new Map<string, number>();
  for (const [name, v] of visits) {
    const normal = ix.services.get(name)!.visitsPerRequest * ratePerMinute;
    extraLoad.set(name, (count * v) / Math.max(normal, 1e-6));
  }
  return { requests, extraLoad };
}

/** Latency multiplier of a CPU-bound service: flat below SATURATION_CPU, ×4 at full demand, at most ×6 beyond. */
export function saturationLatency(cpuDemand: number): number {
  if (cpuDemand <= SATURATION_CPU) return 1;
  return Math.min(6, 1 + (3 * (cpuDemand - SATURATION_CPU)) / (1 - SATURATION_CPU));
}

/**
 * Services carrying surge load queue once their CPU demand (the load-driven model of metrics-gen, before noise)
 * passes SATURATION_CPU. Only they: organic load keeps the behaviour the other fault kinds were tuned on.
 */
export function applySaturation(ix: TopologyIndex, fx: MinuteEffects, extraLoad: ReadonlyMap<string, number>, organicLoad: number): void {
  for (const [name, extra] of extraLoad) {
    const e = serviceEffects(fx, name);
    e.latencyMult *= saturationLatency(cpuDemand(ix.services.get(name)!.cpuBase, organicLoad + extra, e.scale));
  }
}

/** Load-driven CPU utilisation before noise and GC: shared with metrics-gen so the metric and the latency agree. */
export const cpuDemand = (cpuBase: number, load: number, scale: number): number => 0.03 + (cpuBase * load) / scale;
