import { Rng, rng, tag } from './random.js';
import type { Runtime, SimDatabase, SimExternal, SimProfile, SimService, Topology } from './types.js';
import { NAME_SUFFIXES, VOCABULARIES, type Vocabulary } from './vocabularies.js';
import { assignOperations } from './operations.js';
import { drawDialects } from './attribute-dialects.js';
import { diversifyDatabases, nameDatabasesAsNodes } from './db-instances.js';

/** Builds the layered service graph for a seed: entrypoints → mid-tier → leaves, databases and externals. */
export function buildTopology(seed: number, size = 12, profile: SimProfile = 'classic'): Topology {
  const r = rng(seed, tag('topology'));
  const vocab = r.pick(VOCABULARIES);
  const n = Math.max(10, Math.min(60, Math.round(size)));
  const entryCount = Math.min(vocab.entries.length, n < 20 ? r.int(1, 2) : n < 40 ? r.int(2, 3) : 3);
  const entries = r.shuffle(vocab.entries).slice(0, entryCount);
  const inner = innerNames(r, vocab, n - entryCount);
  const layers = layerOf(inner.length);
  const services: SimService[] = [
    ...entries.map((name) => newService(r, name, 0)),
    ...inner.map((name, i) => newService(r, name, layers[i])),
  ];
  connect(r, services);
  const databases = attachDatabases(r, services);
  const externals = attachExternals(r, vocab, services);
  // Diversity draws from its own streams: a classic topology stays what the seed always gave.
  if (profile === 'diverse') diversifyDatabases(seed, services, databases);
  const topology: Topology = {
    domain: vocab.domain,
    namespace: vocab.namespace,
    services,
    databases,
    externals,
    entrypoints: entries,
    peerServiceOnClientSpans: r.chance(0.5),
  };
  if (profile === 'diverse') topology.dialects = drawDialects(seed, services);
  assignOperations(r, topology, vocab.rpcPackage);
  nameDatabasesAsNodes(topology);
  return topology;
}

function innerNames(r: Rng, vocab: Vocabulary, count: number): string[] {
  const words = r.shuffle(vocab.services);
  const names = words.slice(0, count);
  const taken = new Set([...names, ...vocab.entries]);
  while (names.length < count) {
    const name = `${r.pick(words)}-${r.pick(NAME_SUFFIXES)}`;
    if (!taken.has(name)) {
      taken.add(name);
      names.push(name);
    }
  }
  return names;
}

/** Layer per inner service: roughly 55 % mid-tier spread over 1–3 layers, the rest leaves. */
function layerOf(count: number): number[] {
  const midLayers = count < 12 ? 1 : count < 30 ? 2 : 3;
  const mids = Math.round(count * 0.55);
  return Array.from({ length: count }, (_, i) => (i < mids ? 1 + Math.floor((i * midLayers) / mids) : midLayers + 1));
}

const RUNTIMES: readonly Runtime[] = ['jvm', 'jvm', 'nodejs', 'nodejs', 'go', 'python'];
const MEMORY_MB: Record<Runtime, [number, number]> = { jvm: [400, 1200], nodejs: [120, 400], go: [40, 200], python: [150, 500] };

function newService(r: Rng, name: string, layer: number): SimService {
  const runtime = r.pick(RUNTIMES);
  const [lo, hi] = MEMORY_MB[runtime];
  return {
    name,
    version: `${r.int(1, 4)}.${r.int(0, 30)}.${r.int(0, 12)}`,
    layer,
    runtime,
    operations: [],
    propagation: r.uniform(0.5, 0.9),
    timeoutMs: r.pick([2000, 3000, 5000]),
    cpuBase: r.uniform(0.1, 0.35),
    memoryBaseBytes: Math.round(r.uniform(lo, hi)) * 1024 * 1024,
    poolMax: r.pick([10, 20, 32, 50]),
    dependsOn: [],
    databases: [],
    externals: [],
    visitsPerRequest: 0,
  };
}

/** Each service calls 1–3 deeper services (mostly the next layer); every inner service gets a caller. */
function connect(r: Rng, services: SimService[]): void {
  const maxLayer = Math.max(...services.map((s) => s.layer));
  const inLayer = (l: number) => services.filter((s) => s.layer === l);
  const called = new Set<string>();
  for (const s of services) {
    if (s.layer === maxLayer) continue;
    const next = inLayer(s.layer + 1);
    const deeper = services.filter((d) => d.layer > s.layer + 1);
    const want = s.layer === 0 ? r.int(2, 4) : r.int(1, 3);
    for (let k = 0; k < want; k++) {
      const pool = deeper.length > 0 && r.chance(0.3) ? deeper : next;
      const callee = r.pick(pool);
      if (!s.dependsOn.includes(callee.name)) s.dependsOn.push(callee.name);
      called.add(callee.name);
    }
  }
  for (const s of services) {
    if (s.layer === 0 || called.has(s.name)) continue;
    r.pick(inLayer(s.layer - 1)).dependsOn.push(s.name);
    called.add(s.name);
  }
}

const DB_SYSTEMS: readonly SimDatabase['system'][] = ['postgresql', 'postgresql', 'mysql', 'redis', 'redis', 'mongodb'];
const DB_MEDIAN_MS: Record<SimDatabase['system'], [number, number]> = {
  postgresql: [1.5, 6], mysql: [1.5, 6], redis: [0.3, 1], mongodb: [1, 5],
};

function attachDatabases(r: Rng, services: SimService[]): SimDatabase[] {
  const maxLayer = Math.max(...services.map((s) => s.layer));
  const dbs: SimDatabase[] = [];
  const taken = new Set(services.map((s) => s.name));
  const attach = (s: SimService, db: SimDatabase) => {
    s.databases.push(db.name);
    s.dependsOn.push(db.name);
    db.callers.push(s.name);
  };
  for (const s of services) {
    if (s.layer === 0) continue;
    if (!r.chance(s.layer === maxLayer ? 0.65 : 0.25)) continue;
    if (dbs.length > 0 && r.chance(0.2)) {
      attach(s, r.pick(dbs));
      continue;
    }
    const system = r.pick(DB_SYSTEMS);
    const [lo, hi] = DB_MEDIAN_MS[system];
    const base = s.name.replace(/-(worker|sync|query|events|indexer|adapter|cache|reader|writer)$/, '');
    let name = `${base}-${system === 'redis' ? 'cache' : 'db'}`;
    while (taken.has(name)) name = `${name.replace(/-(db|cache)$/, '')}-store`;
    taken.add(name);
    const db: SimDatabase = { name, system, namespace: name, medianMs: r.uniform(lo, hi), callers: [], visitsPerRequest: 0 };
    dbs.push(db);
    attach(s, db);
  }
  const leaves = services.filter((s) => s.layer === maxLayer && s.databases.length === 0);
  while (dbs.length < 2 && leaves.length > 0) {
    const s = leaves.splice(r.int(0, leaves.length - 1), 1)[0];
    let name = `${s.name}-db`;
    while (taken.has(name)) name = `${name}-store`;
    taken.add(name);
    const db: SimDatabase = { name, system: 'postgresql', namespace: name, medianMs: r.uniform(1.5, 6), callers: [], visitsPerRequest: 0 };
    dbs.push(db);
    attach(s, db);
  }
  return dbs;
}

function attachExternals(r: Rng, vocab: Vocabulary, services: SimService[]): SimExternal[] {
  const count = r.int(1, Math.min(3, vocab.externals.length));
  const inner = services.filter((s) => s.layer > 0);
  return r.shuffle(vocab.externals).slice(0, count).map(([name, address]) => {
    const caller = r.pick(inner);
    caller.externals.push(name);
    caller.dependsOn.push(name);
    return { name, address, medianMs: r.uniform(30, 120), errorRate: r.uniform(0.001, 0.006) };
  });
}
