/**
 * The `diverse` profile's topology changes (see src/sim/README.md): heavy-tailed services, low-traffic services and
 * slow cycles in a service's own work. Applied to a built topology; every draw comes from its own seeded streams, so
 * the classic profile's topology and telemetry are untouched.
 */
import type { Rng } from './random.js';
import { rng, tag } from './random.js';
import { recomputeVisits } from './operations.js';
import type { SimOperation, SimService, Topology } from './types.js';

export interface DiversityPlan {
  heavyTailed: string[];
  lowTraffic: string[];
  cycling: string[];
}

/** Own work of one server span: lognormal, with the operation's Pareto tail when it has one. */
export function drawOwnWork(r: Rng, op: SimOperation): number {
  const base = r.lognormal(op.medianMs, op.sigma);
  if (!op.tail || !r.chance(op.tail.p)) return base;
  return base * Math.pow(1 - r.next(), -1 / op.tail.alpha);
}

/** The own-work multiplier of a service's slow cycle at minute i (1 without one). */
export function cycleFactor(s: SimService, i: number): number {
  const c = s.cycle;
  return c ? 1 + c.amplitude * Math.sin((2 * Math.PI * i) / c.periodMinutes + c.phase) : 1;
}

/**
 * Makes 1–3 services heavy-tailed (log-space sigma 0.8–1.2 and a Pareto tail of 1–4 % of requests, alpha 1.3–2),
 * 1–2 services low-traffic (their callers call them rarely: about 0.5–3 visits a minute at the default rate), and
 * 2–4 services follow slow cycles of own work (±10–25 % over 2–6 hours: caches, batch neighbours, daily usage).
 */
export function diversifyTopology(seed: number, topo: Topology): DiversityPlan {
  const r = rng(seed, tag('diversity'));
  const inner = topo.services.filter((s) => s.layer > 0);
  const heavy = r.shuffle(topo.services).slice(0, r.int(1, 3));
  for (const s of heavy) {
    for (const op of s.operations) {
      op.sigma = r.uniform(0.8, 1.2);
      op.tail = { p: r.uniform(0.01, 0.04), alpha: r.uniform(1.3, 2) };
    }
  }
  const low = r.shuffle(inner.filter((s) => !heavy.includes(s))).slice(0, r.int(1, 2));
  for (const s of low) makeRare(r, topo, s);
  recomputeVisits(topo);
  const cycling = r.shuffle(topo.services).slice(0, r.int(2, 4));
  for (const s of cycling) s.cycle = { amplitude: r.uniform(0.1, 0.25), periodMinutes: r.uniform(120, 360), phase: r.uniform(0, 2 * Math.PI) };
  return { heavyTailed: heavy.map((s) => s.name), lowTraffic: low.map((s) => s.name), cycling: cycling.map((s) => s.name) };
}

/** Every call into `s` becomes rare: an admin path, a fallback, a feature behind a flag. */
function makeRare(r: Rng, topo: Topology, s: SimService): void {
  const scale = r.uniform(0.005, 0.02) / Math.max(s.visitsPerRequest, 1e-6);
  if (scale >= 1) return;
  for (const caller of topo.services) {
    for (const op of caller.operations) {
      for (const c of op.calls) if (c.kind === 'service' && c.target === s.name) c.probability *= scale;
    }
  }
}
