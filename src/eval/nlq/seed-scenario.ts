/**
 * A deterministic scenario written straight into real stores: six services and a database, three hours of
 * 1-minute windows ending just before `endMs`, a latency-and-errors fault on one service during the last
 * 25 minutes (its caller degrades less), and five incidents (one open). Used by `aiops eval nlq` and the agent
 * tests, so questions are answered from the same rows the expected SQL reads.
 */
import type { EdgeWindow, FeatureWindow, FeatureStore, GraphStore, Incident, IncidentStore } from '../../core/index.js';

export interface SeededScenario {
  services: string[];
  faulty: string;
  endMs: number;
  openIncidentId: string;
  incidentIds: string[];
}

const SERVICES: [name: string, rpm: number, p99: number, err: number, cpu: number][] = [
  ['web-gateway', 1200, 180, 0.004, 0.35],
  ['cart', 500, 60, 0.002, 0.3],
  ['checkout', 300, 140, 0.006, 0.4],
  ['payments', 280, 90, 0.003, 0.45],
  ['inventory', 350, 40, 0.01, 0.25],
  ['notifier', 90, 25, 0.001, 0.15],
];
const EDGES: [string, string, 'service' | 'database'][] = [
  ['web-gateway', 'cart', 'service'], ['web-gateway', 'checkout', 'service'], ['checkout', 'payments', 'service'],
  ['checkout', 'inventory', 'service'], ['checkout', 'notifier', 'service'], ['payments', 'payments-db', 'database'], ['inventory', 'payments-db', 'database'],
];
const MINUTES = 180;
const FAULT_MINUTES = 25;
const FAULTY = 'payments';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedScenario(stores: { features: FeatureStore; graph: GraphStore; incidents: IncidentStore }, opts: { seed?: number; endMs?: number } = {}): Promise<SeededScenario> {
  const rand = rng(opts.seed ?? 7);
  const endMs = Math.floor((opts.endMs ?? Date.now()) / 60_000) * 60_000 - 2 * 60_000;
  const start = endMs - MINUTES * 60_000;
  const faultFrom = endMs - FAULT_MINUTES * 60_000;
  const rows: FeatureWindow[] = [];
  const edges: EdgeWindow[] = [];
  for (let m = 0; m < MINUTES; m++) {
    const t = start + m * 60_000;
    const inFault = t >= faultFrom;
    for (const [name, rpm, p99, err, cpu] of SERVICES) {
      const hit = inFault && name === FAULTY ? 1 : inFault && (name === 'checkout' || name === 'web-gateway') ? 0.35 : 0;
      const requests = Math.round(rpm * (0.9 + 0.2 * rand()));
      const errRate = err * (0.8 + 0.4 * rand()) + hit * 0.12;
      const errors = Math.round(requests * errRate);
      const lat = p99 * (0.9 + 0.2 * rand()) * (1 + hit * 8);
      rows.push({
        service: name, operation: '', resolution: '1m', windowStart: t, requests, errors, errorRate: requests ? errors / requests : 0, throughput: requests / 60,
        p50Ms: round(lat * 0.35), p95Ms: round(lat * 0.8), p99Ms: round(lat), maxMs: round(lat * 1.6), sketch: null,
        cpu: round(cpu * (0.9 + 0.2 * rand()) + hit * 0.1, 4), memory: round(0.5 + 0.05 * rand(), 4), gcMs: round(5 + 3 * rand()), poolUse: round(0.3 + 0.1 * rand() + hit * 0.5, 4),
        logTotal: requests, logWarn: Math.round(requests * 0.01), logError: errors,
      });
    }
    for (const [caller, callee, kind] of EDGES) {
      // Calls into the faulty service are slower and fail more; its own database calls are not (its code is slow,
      // not its database — a slower database would make the database the cause).
      const hit = inFault && callee === FAULTY ? 1 : 0;
      const calls = Math.round(200 * (0.9 + 0.2 * rand()));
      edges.push({ caller, callee, calleeKind: kind, resolution: '1m', windowStart: t, calls, errors: Math.round(calls * (0.003 + hit * 0.1)), p50Ms: round(20 * (1 + hit * 6)), p99Ms: round(80 * (1 + hit * 8) * (0.9 + 0.2 * rand())), sketch: null });
    }
  }
  await stores.features.upsertWindows(rows);
  await stores.graph.upsertEdges(edges);
  await stores.graph.upsertNodes([...SERVICES.map(([name]) => ({ name, kind: 'service' as const, lastSeen: endMs })), { name: 'payments-db', kind: 'database', lastSeen: endMs }]);
  const incidents = buildIncidents(endMs, faultFrom);
  for (const i of incidents) await stores.incidents.save(i);
  return { services: SERVICES.map(([n]) => n), faulty: FAULTY, endMs, openIncidentId: incidents[0]!.id, incidentIds: incidents.map((i) => i.id) };
}

function buildIncidents(endMs: number, faultFrom: number): Incident[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const id = (ms: number, suffix: string) => `inc-${iso(ms).replace(/[-:]/g, '').slice(0, 13)}-${suffix}`;
  const day = 86_400_000;
  const mk = (openedAt: number, suffix: string, p: Pick<Incident, 'status' | 'severity' | 'services'> & { cause: string; indicator: string; score: number; durMin?: number }): Incident => ({
    id: id(openedAt, suffix), status: p.status, severity: p.severity, openedAt: iso(openedAt), firstAnomalyAt: iso(openedAt - 120_000),
    resolvedAt: p.status === 'resolved' ? iso(openedAt + (p.durMin ?? 20) * 60_000) : null, services: p.services,
    rootCauses: [{ service: p.cause, indicator: p.indicator, score: p.score, evidence: [`${p.cause} ${p.indicator} anomalous`] }],
    anomalies: p.services.map((s) => ({ service: s, operation: '', feature: 'p99Ms' as const, windowStart: iso(openedAt - 60_000), value: 900, baseline: 100, score: s === p.cause ? 9 : 4 })),
    timeline: [{ at: iso(openedAt), kind: 'opened', text: `opened on ${p.cause}` }],
  });
  return [
    mk(faultFrom + 3 * 60_000, 'a1f3c9', { status: 'open', severity: 'critical', services: ['payments', 'checkout', 'web-gateway'], cause: 'payments', indicator: 'latency', score: 0.86 }),
    mk(endMs - 2 * day, '5b20e4', { status: 'resolved', severity: 'high', services: ['inventory', 'checkout'], cause: 'inventory', indicator: 'errors', score: 0.71, durMin: 42 }),
    mk(endMs - 1 * day - 3_600_000, 'c9d011', { status: 'resolved', severity: 'medium', services: ['cart'], cause: 'cart', indicator: 'saturation', score: 0.64, durMin: 18 }),
    mk(endMs - 5 * day, '77e2aa', { status: 'resolved', severity: 'low', services: ['notifier'], cause: 'notifier', indicator: 'errors', score: 0.52, durMin: 9 }),
    mk(endMs - 3 * day, 'e04b7d', { status: 'resolved', severity: 'high', services: ['inventory', 'payments-db'], cause: 'inventory', indicator: 'database', score: 0.68, durMin: 31 }),
  ];
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
