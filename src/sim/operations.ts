import type { Rng } from './random.js';
import type { SimCall, SimOperation, SimService, Topology } from './types.js';
import { RESOURCES_BY_DB } from './vocabularies.js';

const ROUTES = ['GET /api/{r}', 'GET /api/{r}/{id}', 'POST /api/{r}', 'PUT /api/{r}/{id}', 'DELETE /api/{r}/{id}', 'GET /api/{r}/search'];
const RPC_METHODS = ['Get', 'List', 'Create', 'Update', 'Check', 'Compute'];

const pascal = (name: string) => name.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('');

/**
 * Gives every service its operations and every operation its calls, walking layers top-down so that a
 * service keeps only the operations its callers use; then computes expected visits per entry request.
 */
export function assignOperations(r: Rng, topo: Topology, rpcPackage: string): void {
  const candidates = new Map<string, SimOperation[]>();
  for (const s of topo.services) {
    if (s.layer > 0) candidates.set(s.name, candidateOps(r, s, rpcPackage));
  }
  const referenced = new Set<string>();
  const roundRobin = new Map<string, number>();
  const ordered = [...topo.services].sort((a, b) => a.layer - b.layer);
  for (const s of ordered) {
    s.operations = s.layer === 0 ? entryOps(r, s, topo) : candidates.get(s.name)!.filter((op) => referenced.has(`${s.name} ${op.name}`));
    s.dependsOn.forEach((dep, j) => {
      s.operations.forEach((op, k) => {
        if (k === j % s.operations.length || r.chance(depChance(topo, dep))) op.calls.push(newCall(dep));
      });
    });
    for (const op of s.operations) markParallel(r, op);
  }
  computeVisits(topo);

  function newCall(dep: string): SimCall {
    const probability = r.chance(0.75) ? 1 : r.uniform(0.3, 0.9);
    const db = topo.databases.find((d) => d.name === dep);
    if (db) {
      const verbs = RESOURCES_BY_DB[db.system];
      const table = db.namespace.replace(/-(db|cache|store)$/, '').replace(/-/g, '_');
      const verb = r.pick(verbs);
      const operation = db.system === 'redis' ? verb : `${verb} ${table}`;
      return { kind: 'database', target: dep, operation, probability, parallel: false, repeat: r.chance(0.7) ? 1 : r.int(2, 3) };
    }
    if (topo.externals.some((e) => e.name === dep)) {
      return { kind: 'external', target: dep, operation: r.pick(['GET', 'POST']), probability, parallel: false, repeat: 1 };
    }
    const ops = candidates.get(dep)!;
    const n = roundRobin.get(dep) ?? 0;
    roundRobin.set(dep, n + 1);
    const op = ops[n % ops.length];
    referenced.add(`${dep} ${op.name}`);
    return { kind: 'service', target: dep, operation: op.name, probability, parallel: false, repeat: 1 };
  }
}

function depChance(topo: Topology, dep: string): number {
  if (topo.databases.some((d) => d.name === dep)) return 0.5;
  return topo.externals.some((e) => e.name === dep) ? 0.15 : 0.3;
}

function markParallel(r: Rng, op: SimOperation): void {
  const fanOut = op.calls.filter((c) => c.kind !== 'database');
  if (fanOut.length >= 2 && r.chance(0.35)) for (const c of fanOut) c.parallel = true;
}

function baseOp(r: Rng, s: SimService, name: string, protocol: 'http' | 'grpc', rpcService?: string): SimOperation {
  const [lo, hi] = s.layer === 0 ? [2, 8] : s.dependsOn.length === 0 ? [3, 25] : [4, 20];
  return {
    name, protocol, rpcService, calls: [],
    medianMs: r.uniform(lo, hi),
    sigma: r.uniform(0.25, 0.5),
    baseErrorRate: r.uniform(0.001, 0.008),
    weight: s.layer === 0 ? r.uniform(0.5, 2) : 0,
  };
}

function candidateOps(r: Rng, s: SimService, rpcPackage: string): SimOperation[] {
  const count = r.int(1, 4);
  if (r.chance(0.3)) {
    const rpcService = `${rpcPackage}.${pascal(s.name)}Service`;
    return r.shuffle(RPC_METHODS).slice(0, count).map((m) => baseOp(r, s, `${rpcService}/${m}`, 'grpc', rpcService));
  }
  return r.shuffle(ROUTES).slice(0, count).map((t) => baseOp(r, s, t.replace('{r}', s.name), 'http'));
}

/** Entry operations are named after the services they front, one per service dependency (1–4). */
function entryOps(r: Rng, s: SimService, topo: Topology): SimOperation[] {
  const fronted = s.dependsOn.filter((d) => topo.services.some((x) => x.name === d)).slice(0, 4);
  const names = new Set(fronted.map((d) => `${r.chance(0.7) ? 'GET' : 'POST'} /api/v1/${d}`));
  return [...names].map((name) => baseOp(r, s, name, 'http'));
}

/** Visits per entry request again, after calls changed (the diverse profile's rare services). */
export function recomputeVisits(topo: Topology): void {
  for (const s of topo.services) s.visitsPerRequest = 0;
  for (const d of topo.databases) d.visitsPerRequest = 0;
  computeVisits(topo);
}

function computeVisits(topo: Topology): void {
  const visits = new Map<string, number>();
  const entryOps = topo.services.filter((s) => s.layer === 0).flatMap((s) => s.operations.map((op) => ({ s, op })));
  const total = entryOps.reduce((sum, e) => sum + e.op.weight, 0);
  for (const { s, op } of entryOps) visits.set(`${s.name} ${op.name}`, op.weight / total);
  for (const s of [...topo.services].sort((a, b) => a.layer - b.layer)) {
    for (const op of s.operations) {
      const v = visits.get(`${s.name} ${op.name}`) ?? 0;
      s.visitsPerRequest += v;
      for (const c of op.calls) {
        const add = v * c.probability * c.repeat;
        if (c.kind === 'service') visits.set(`${c.target} ${c.operation}`, (visits.get(`${c.target} ${c.operation}`) ?? 0) + add);
        const db = c.kind === 'database' ? topo.databases.find((d) => d.name === c.target) : undefined;
        if (db) db.visitsPerRequest += add;
      }
    }
  }
}
