/**
 * Database identity in the simulator. Every database gets the node name the pipeline will give it from its client
 * spans (src/features/node-names.ts), so ground truth, fault targets and CIRCUIT_BREAK targets name what the
 * pipeline sees. The `diverse` profile also gives databases a server.address (sometimes a non-default port) and
 * makes at least two instances of one system share a db.namespace, told apart only by their address: a fault in
 * one must be blamed on that one.
 */
import { SpanKind, type SpanRecord } from '../core/telemetry.js';
import { strongCallee, type CalleeSlot } from '../features/callee-names.js';
import { rng, tag, type Rng } from './random.js';
import type { SimDatabase, SimService, Topology } from './types.js';

const NON_DEFAULT_PORT: Record<SimDatabase['system'], number> = { postgresql: 5433, mysql: 3307, redis: 6380, mongodb: 27018 };

/** `diverse` only, before operations are assigned: addresses, namespaces, and a second instance of a shared database. */
export function diversifyDatabases(seed: number, services: SimService[], dbs: SimDatabase[]): void {
  const r = rng(seed, tag('db-instances'));
  for (const db of dbs) {
    db.address = db.namespace;
    db.namespace = db.namespace.replace(/-(db|cache|store)$/, '').replace(/-store$/, '') || db.namespace;
    if (r.chance(0.2)) db.port = NON_DEFAULT_PORT[db.system];
    else if (r.chance(0.5)) db.port = defaultPort(db.system);
  }
  const shared = dbs.filter((d) => d.callers.length >= 2 && d.system !== 'redis');
  if (shared.length > 0) splitInstance(r, services, dbs, r.pick(shared));
  else twinOf(r, dbs);
}

function defaultPort(system: SimDatabase['system']): number {
  return { postgresql: 5432, mysql: 3306, redis: 6379, mongodb: 27017 }[system];
}

/** Half of the callers of `db` move to a second instance: same system and namespace, another host. */
function splitInstance(r: Rng, services: SimService[], dbs: SimDatabase[], db: SimDatabase): void {
  const moved = r.shuffle(db.callers).slice(0, Math.floor(db.callers.length / 2));
  const twin: SimDatabase = { ...db, name: `${db.name}-2`, address: `${db.address}-2`, callers: moved, visitsPerRequest: 0 };
  db.callers = db.callers.filter((c) => !moved.includes(c));
  for (const s of services) {
    if (!moved.includes(s.name)) continue;
    s.databases = s.databases.map((d) => (d === db.name ? twin.name : d));
    s.dependsOn = s.dependsOn.map((d) => (d === db.name ? twin.name : d));
  }
  dbs.push(twin);
}

/** No database has two callers: a second one becomes an instance of the first one's system and namespace. */
function twinOf(r: Rng, dbs: SimDatabase[]): void {
  const sql = dbs.filter((d) => d.system !== 'redis');
  if (dbs.length < 2) return;
  const a = sql[0] ?? dbs[0];
  const b = r.pick(dbs.filter((d) => d !== a && (d.system !== 'redis') === (a.system !== 'redis'))) ?? dbs.find((d) => d !== a)!;
  b.system = a.system;
  b.namespace = a.namespace;
  b.port = a.port; // a port of its former system would read as a non-default one
}

/** The client-span attributes of a call to `db`, as the trace walker writes them. */
export function dbSpanAttributes(db: SimDatabase, peerService: boolean): Pick<SpanRecord, 'dbSystem' | 'dbName' | 'serverAddress' | 'serverPort' | 'peerService'> {
  return { dbSystem: db.system, dbName: db.namespace, serverAddress: db.address, serverPort: db.port, peerService: peerService ? db.namespace : undefined };
}

/** Renames every database to its pipeline node name, in the services and operations that call it. */
export function nameDatabasesAsNodes(topo: Topology): void {
  const slot: CalleeSlot = { name: '', kind: 'database' };
  const rename = new Map<string, string>();
  for (const db of topo.databases) {
    const span = { ...dbSpanAttributes(db, peerServiceOnDbSpans(topo)), kind: SpanKind.CLIENT } as SpanRecord;
    strongCallee(span, slot);
    rename.set(db.name, slot.name);
    db.name = slot.name;
  }
  const to = (n: string) => rename.get(n) ?? n;
  for (const s of topo.services) {
    s.databases = s.databases.map(to);
    s.dependsOn = s.dependsOn.map(to);
    for (const op of s.operations) for (const c of op.calls) if (c.kind === 'database') c.target = to(c.target);
  }
}

/** Classic topologies put peer.service on database spans when they do on service calls; diverse ones never do. */
export function peerServiceOnDbSpans(topo: Topology): boolean {
  return topo.peerServiceOnClientSpans && topo.dialects === undefined;
}
