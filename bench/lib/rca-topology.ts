/**
 * A seeded layered service graph for the RCA benchmark: entry services on layer 0, four deeper layers, databases
 * and external APIs at the bottom, and a couple of back edges so the graph has cycles (a callback, a
 * re-entrant lookup), which real call graphs do and which the ranking must tolerate.
 */
import type { NodeKind, ServiceGraph } from '../../src/core/index.js';
import { rng, tag } from '../../src/sim/random.js';

export interface BenchService {
  name: string;
  layer: number;
  /** Requests per second from outside (entry services only). */
  entryRps: number;
  /** Own work per request, ms. */
  selfMs: number;
  baseErrorRate: number;
  baseCpu: number;
  baseMemoryBytes: number;
  baseGcMs: number;
  /** Connection pool use at baseline load; 0 for services without a database. */
  basePool: number;
}

export interface BenchDependency {
  name: string;
  kind: Exclude<NodeKind, 'service'>;
  latencyMs: number;
  baseErrorRate: number;
}

export interface BenchEdge {
  from: string;
  to: string;
  calleeKind: NodeKind;
  /** Calls per request of the caller. */
  perRequest: number;
  /** Goes against the layering (the cycle-making edges): carries few calls, not folded into latency. */
  back: boolean;
}

export interface BenchTopology {
  services: BenchService[];
  dependencies: BenchDependency[];
  edges: BenchEdge[];
}

const LAYER_SIZES = [10, 40, 50, 50, 50];
const DATABASES = 30;
const EXTERNALS = 10;

export function buildBenchTopology(seed: number): BenchTopology {
  const r = rng(seed, tag('rca-bench-topology'));
  const services: BenchService[] = [];
  let n = 0;
  LAYER_SIZES.forEach((size, layer) => {
    for (let i = 0; i < size; i++) {
      services.push({
        name: `svc-${String(n++).padStart(3, '0')}`,
        layer,
        entryRps: layer === 0 ? r.lognormal(40, 0.5) : 0,
        selfMs: r.lognormal(layer === 0 ? 4 : 8, 0.5),
        baseErrorRate: r.uniform(0.0005, 0.005),
        baseCpu: r.uniform(0.15, 0.45),
        baseMemoryBytes: r.uniform(200, 900) * 1048576,
        baseGcMs: r.uniform(5, 40),
        basePool: 0,
      });
    }
  });
  const dependencies: BenchDependency[] = [
    ...Array.from({ length: DATABASES }, (_, i) => ({ name: `db-${String(i).padStart(2, '0')}`, kind: 'database' as const, latencyMs: r.lognormal(3, 0.4), baseErrorRate: r.uniform(0, 0.001) })),
    ...Array.from({ length: EXTERNALS }, (_, i) => ({ name: `ext-${i}`, kind: 'external' as const, latencyMs: r.lognormal(60, 0.4), baseErrorRate: r.uniform(0.001, 0.004) })),
  ];

  const edges: BenchEdge[] = [];
  const keys = new Set<string>();
  const add = (from: string, to: string, calleeKind: NodeKind, perRequest: number, back = false) => {
    const key = `${from}>${to}`;
    if (from === to || keys.has(key)) return;
    keys.add(key);
    edges.push({ from, to, calleeKind, perRequest, back });
  };
  const layer = (l: number) => services.filter((s) => s.layer === l);
  for (let l = 0; l < LAYER_SIZES.length - 1; l++) {
    const next = layer(l + 1);
    const nextButOne = layer(l + 2);
    for (const s of layer(l)) {
      for (let k = 0; k < 3; k++) {
        const skip = nextButOne.length > 0 && r.chance(0.1);
        add(s.name, r.pick(skip ? nextButOne : next).name, 'service', r.uniform(0.4, 1.2));
      }
    }
    // Every service below the entry layer is called by someone.
    const called = new Set(edges.map((e) => e.to));
    for (const s of next) if (!called.has(s.name)) add(r.pick(layer(l)).name, s.name, 'service', r.uniform(0.4, 1.2));
  }
  // The lower two layers own a database each (round robin, so every database has callers).
  const dbs = dependencies.filter((d) => d.kind === 'database');
  [...layer(3), ...layer(4)].forEach((s, i) => {
    add(s.name, dbs[i % dbs.length].name, 'database', r.uniform(1, 3));
    s.basePool = r.uniform(0.15, 0.4);
  });
  const exts = dependencies.filter((d) => d.kind === 'external');
  services
    .filter((s) => s.layer > 0)
    .filter(() => r.chance(0.2))
    .forEach((s, i) => add(s.name, exts[i % exts.length].name, 'external', r.uniform(0.1, 0.5)));
  // Two cycles: a deeper service calls back into one of its callers.
  for (const [lo, hi] of [[1, 2], [2, 3]]) {
    const e = edges.find((x) => !x.back && services.find((s) => s.name === x.from)?.layer === lo && services.find((s) => s.name === x.to)?.layer === hi);
    if (e) add(e.to, e.from, 'service', 0.05, true);
  }
  return { services, dependencies, edges };
}

/** The graph snapshot the pipeline hands to analyseIncident. */
export function serviceGraphOf(topo: BenchTopology, lastSeen: number): ServiceGraph {
  return {
    nodes: [...topo.services.map((s) => ({ name: s.name, kind: 'service' as const, lastSeen })), ...topo.dependencies.map((d) => ({ name: d.name, kind: d.kind, lastSeen }))],
    edges: topo.edges.map((e) => ({ from: e.from, to: e.to, calls: 0, errors: 0, p99Ms: null })),
  };
}
