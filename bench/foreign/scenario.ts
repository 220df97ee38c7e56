/**
 * The run: 95 minutes fault-free (warm-up, a deployment with no fault at minute 60), then six faults one at a time,
 * 6–9 minutes each, 25 minutes from start to start (16+ quiet minutes between), a second fault-free deployment in
 * a quiet gap, and 20 quiet minutes at the end. The order, targets and sizes of the faults follow the seed. The ground truth is what
 * this file returns; the product never sees it (run.ts writes it to a file and scores with it after the run).
 */
import type { Rng } from './rng.js';
import { DATABASES, dbNodeName } from './topology.js';

export type FaultKind = 'latency' | 'network' | 'errors' | 'db' | 'cpu' | 'deploy-fault';

/** What a fault does to the spans and metrics (drawn per seed from a range: faults are not all loud). */
export interface Effect {
  /** Self time of the target's SERVER spans: x factor + extra ms. */
  factor: number;
  extra: number;
  /** Share of the target's requests that fail. */
  fail: number;
  /** Added wire time (ms, median of a lognormal) on CLIENT spans into the target. */
  delayMs: number;
  /** Database query time x dbFactor + dbExtra ms. */
  dbFactor: number;
  dbExtra: number;
  /** cpu utilisation while the fault lasts (0: unchanged) and memory factor. */
  cpu: number;
  memory: number;
}

export interface Fault {
  kind: FaultKind;
  /** The service (or database id) the fault is injected into. */
  target: string;
  /** The node a correct answer names (a service name, or the database node name by the semantic conventions). */
  node: string;
  startMinute: number;
  endMinute: number;
  effect: Effect;
  what: string;
}

const NONE: Effect = { factor: 1, extra: 0, fail: 0, delayMs: 0, dbFactor: 1, dbExtra: 0, cpu: 0, memory: 1 };
const r1 = (x: number): number => Math.round(x * 10) / 10;

/** One fault of each kind; the target among the services that fit the kind, the size from a range, by the seed. */
function drawFault(rng: Rng, kind: FaultKind): Omit<Fault, 'startMinute' | 'endMinute'> {
  const pick = (xs: readonly string[]): string => xs[rng.int(0, xs.length - 1)]!;
  const u = (lo: number, hi: number): number => r1(lo + (hi - lo) * rng.next());
  switch (kind) {
    case 'latency': {
      // Leaves: no calls of their own. email and payment serve < 1 request a second.
      const target = pick(['currency', 'quote', 'ad', 'payment', 'email']);
      const factor = u(2.5, 6);
      const extra = u(2, 20);
      return { kind, target, node: target, effect: { ...NONE, factor, extra }, what: `server-side slowness of a leaf: ${target} self time x${factor} +${extra} ms` };
    }
    case 'network': {
      const target = pick(['currency', 'quote', 'ad', 'payment', 'email']);
      const delayMs = u(25, 90);
      return { kind, target, node: target, effect: { ...NONE, delayMs }, what: `network delay into a leaf: +${delayMs} ms on callers' CLIENT spans to ${target} only` };
    }
    case 'errors': {
      // Mid services: called and calling.
      const target = pick(['cart', 'recommendation', 'shipping', 'product-catalog', 'checkout']);
      const fail = r1(u(0.08, 0.3) * 100) / 100;
      return { kind, target, node: target, effect: { ...NONE, fail }, what: `errors in a mid service: ${Math.round(fail * 100)}% of ${target} requests fail` };
    }
    case 'db': {
      const target = pick(['catalogDb', 'accountingDb']);
      const dbFactor = u(3, 8);
      const dbExtra = u(2, 15);
      return { kind, target, node: dbNodeName(DATABASES[target]!), effect: { ...NONE, dbFactor, dbExtra }, what: `one of two PostgreSQL instances slow: ${DATABASES[target]!.address} queries x${dbFactor} +${dbExtra} ms` };
    }
    case 'cpu': {
      const target = pick(['recommendation', 'ad', 'product-catalog', 'frontend', 'cart']);
      const factor = u(1.6, 3);
      return { kind, target, node: target, effect: { ...NONE, factor, cpu: u(0.85, 0.98), memory: u(1.1, 1.5) }, what: `cpu hog on ${target}: cpu to ~0.9, memory up, self time x${factor}` };
    }
    case 'deploy-fault': {
      const target = pick(['shipping', 'product-catalog', 'cart', 'currency']);
      const fail = r1(u(0.05, 0.3) * 100) / 100;
      const factor = u(1.5, 4);
      return { kind, target, node: target, effect: { ...NONE, fail, factor }, what: `new version of ${target} deployed, 1 minute later ${Math.round(fail * 100)}% errors and self time x${factor}` };
    }
  }
}

export interface Deployment {
  service: string;
  version: string;
  minute: number;
  /** Minutes during which old and new versions report side by side (rolling update). */
  rollMinutes: number;
  faulty: boolean;
}

/** A traffic surge with no fault (the load generator spawns users): every page x factor. */
export interface Burst {
  minute: number;
  minutes: number;
  factor: number;
}

export interface Scenario {
  minutes: number;
  burst: Burst;
  faults: Fault[];
  deployments: Deployment[];
}

const KINDS: readonly FaultKind[] = ['latency', 'network', 'errors', 'db', 'cpu', 'deploy-fault'];

export function buildScenario(rng: Rng): Scenario {
  const order = KINDS.map((kind) => drawFault(rng, kind)).map((f) => ({ f, k: rng.next() })).sort((a, b) => a.k - b.k).map((x) => x.f);
  const faults: Fault[] = [];
  const deployments: Deployment[] = [{ service: 'frontend', version: '2.1.0', minute: 60, rollMinutes: 2, faulty: false }];
  let at = 95;
  for (const f of order) {
    const duration = rng.int(6, 9);
    if (f.kind === 'deploy-fault') {
      deployments.push({ service: f.target, version: '9.9.0', minute: at - 1, rollMinutes: 1, faulty: true });
    }
    faults.push({ ...f, startMinute: at, endMinute: at + duration });
    at += 25;
  }
  // In quiet gaps, past the 10 minutes after a fault that scoring leaves to its aftermath: a deployment with no
  // fault (between the third and fourth fault) and a traffic surge (between the fourth and fifth).
  deployments.push({ service: 'payment', version: '1.7.0', minute: faults[2]!.endMinute + 11, rollMinutes: 2, faulty: false });
  const burst = { minute: faults[3]!.endMinute + 11, minutes: 4, factor: r1(1.8 + rng.next()) };
  return { minutes: at - 25 + 9 + 20, burst, faults, deployments };
}

/** The fault active at a minute (fractional minutes allowed), if any. */
export function activeFault(s: Scenario, minute: number): Fault | undefined {
  return s.faults.find((f) => minute >= f.startMinute && minute < f.endMinute);
}
