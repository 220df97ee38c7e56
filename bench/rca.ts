/**
 * bench/rca: root-cause analysis latency on a 200-service graph (plus 40 databases and external APIs, ~600 edges,
 * two cycles) with an hour of 1-minute baseline and 15 minutes after a fault. Target: p95 under 1 s.
 *
 *   npx tsx bench/rca.ts [--iterations 21] [--seed 7] [--operations 0]
 *
 * 1. Pure ranking: causalInputFromWindows (rows → per-node series) then rankCausal, timed apart, on rows built in
 *    memory.
 * 2. End to end: the same rows upserted into an embedded PGlite store (openStores on memory://, migrations as the
 *    app runs them), then analyseIncident as the pipeline calls it (queryRange + queryInbound, then ranking)
 *    for an incident whose first anomaly is the fault start and that opened 14 minutes later: cold (store reads,
    as after a restart) and hot (the pipeline's in-memory recent windows, what a running pipeline uses).
 * Faults rotate latency, errors, cpu, memory, db, network, traffic over random mid-tier services (a database for
 * db). Whether the injected target ranks first is printed as a sanity check of the synthetic data, not a target.
 * --operations N also stores N per-operation rows per service and minute (the store then holds what the pipeline
 * writes for N operations; the ranking reads only service-level rows).
 */
import { parseArgs } from 'node:util';
import { ALL_OPERATIONS, type Incident } from '../src/core/index.js';
import { analyseIncident, storeWindows } from '../src/pipeline/analyse-incident.js';
import { createRecentWindows } from '../src/pipeline/recent-windows.js';
import { causalInputFromWindows } from '../src/rca/causal/from-windows.js';
import { estimateOnset, indexAt } from '../src/rca/causal/onset.js';
import { rankCausal } from '../src/rca/causal/rank-causal.js';
// The onset search of the one RCA entry point, which the pipeline and `aiops rca` use.
import { ONSET_SEARCH_WINDOWS } from '../src/rca/analyse.js';
import { buildVariables } from '../src/rca/causal/variables.js';
import { openStores } from '../src/stores/open-stores.js';
import { generateRows, pickFault, type BenchFault } from './lib/rca-rows.js';
import { buildBenchTopology, serviceGraphOf } from './lib/rca-topology.js';

const { values } = parseArgs({ options: { iterations: { type: 'string' }, seed: { type: 'string' }, operations: { type: 'string' } } });
const ITERATIONS = positiveInt(values.iterations ?? '21', 'iterations');
const SEED = positiveInt(values.seed ?? '7', 'seed');
const OPERATIONS = Number(values.operations ?? 0);
if (!Number.isInteger(OPERATIONS) || OPERATIONS < 0) throw new Error(`--operations must be a whole number ≥ 0, got "${values.operations}"`);
const MINUTE = 60_000;
const BASELINE_MINUTES = 60;
const AFTER_MINUTES = 15;
const MINUTES = BASELINE_MINUTES + AFTER_MINUTES;

const topo = buildBenchTopology(SEED);
const services = topo.services.map((s) => s.name);
const nowMinute = Math.floor(Date.now() / MINUTE) * MINUTE;
console.log(`graph: ${topo.services.length} services, ${topo.dependencies.length} databases/externals, ${topo.edges.length} edges (${topo.edges.filter((e) => e.back).length} closing cycles)`);

// 1. Pure ranking. Iteration −1 is a warm-up (JIT), not counted.
const buildMs: number[] = [];
const rankMs: number[] = [];
let rankTop1 = 0;
let size = { nodes: 0, series: 0, variables: 0, samples: 0, featureRows: 0, edgeRows: 0 };
for (let i = -1; i < ITERATIONS; i++) {
  const start = nowMinute - 2 * MINUTES * MINUTE;
  const fault = pickFault(topo, SEED, i + 1, BASELINE_MINUTES);
  const rows = generateRows(topo, fault, start, MINUTES, SEED * 1000 + i + 1);
  const faultMs = start + BASELINE_MINUTES * MINUTE;
  const t0 = performance.now();
  const input = causalInputFromWindows({ features: rows.features, edges: rows.edges, services, from: start, to: start + MINUTES * MINUTE, stepMs: MINUTE, onsetHintMs: faultMs, onsetSearchBefore: ONSET_SEARCH_WINDOWS });
  const t1 = performance.now();
  const result = rankCausal(input);
  const t2 = performance.now();
  if (i < 0) {
    const onset = estimateOnset(input.nodes, indexAt(input.times, faultMs), ONSET_SEARCH_WINDOWS);
    const series = input.nodes.reduce((n, node) => n + Object.keys(node.metrics).length, 0);
    size = { nodes: input.nodes.length, series, variables: buildVariables(input.nodes, onset, 60).length, samples: input.times.length, featureRows: rows.features.length, edgeRows: rows.edges.length };
    console.log(`input: ${size.nodes} nodes, ${size.series} metric series, ${size.variables} variables, ${size.samples} samples each; from ${size.featureRows} feature rows + ${size.edgeRows} edge rows`);
    console.log(`warm-up: build ${(t1 - t0).toFixed(1)} ms, rank ${(t2 - t1).toFixed(1)} ms`);
    continue;
  }
  buildMs.push(t1 - t0);
  rankMs.push(t2 - t1);
  const top = result.causes[0];
  if (top?.service === fault.target) rankTop1++;
  console.log(`  rank #${i} ${describe(fault)}: build ${(t1 - t0).toFixed(1)} ms, rank ${(t2 - t1).toFixed(1)} ms → ${top ? `${top.service} (${top.faultType}, ${top.score})` : `no cause: ${result.reason}`}`);
}
const build = stats(buildMs);
const rank = stats(rankMs);
const pureTotal = stats(buildMs.map((b, k) => b + rankMs[k]));
console.log(`pure build (rows → series): p50 ${build.p50} ms, p95 ${build.p95} ms, max ${build.max} ms`);
console.log(`pure rankCausal:            p50 ${rank.p50} ms, p95 ${rank.p95} ms, max ${rank.max} ms; injected target ranked first ${rankTop1}/${ITERATIONS}`);

// 2. End to end through the embedded store. Each iteration gets its own 75-minute slice of the store's history,
// so the store grows as it would and every query must pick its hour out of the rest.
const stores = await openStores({ dataDir: 'memory://' });
const graph = serviceGraphOf(topo, nowMinute);
const writeMs: number[] = [];
const e2eMs: number[] = [];
const hotMs: number[] = [];
let hotTop1 = 0;
const featureReadMs: number[] = [];
const edgeReadMs: number[] = [];
let e2eTop1 = 0;
const firstSlice = nowMinute - 20 * 3_600_000;
for (let i = -1; i < ITERATIONS; i++) {
  const start = firstSlice + (i + 1) * (MINUTES + 5) * MINUTE;
  const fault = pickFault(topo, SEED, i + 1, BASELINE_MINUTES);
  const rows = generateRows(topo, fault, start, MINUTES, SEED * 1000 + i + 1, OPERATIONS);
  const w0 = performance.now();
  await stores.features.upsertWindows(rows.features);
  await stores.graph.upsertEdges(rows.edges);
  const w1 = performance.now();
  const faultMs = start + BASELINE_MINUTES * MINUTE;
  const incident = incidentAt(faultMs, faultMs + (AFTER_MINUTES - 1) * MINUTE, fault);
  const t0 = performance.now();
  const causes = await analyseIncident(incident, graph, storeWindows(stores), MINUTE);
  const t1 = performance.now();
  // Hot path: the pipeline's in-memory recent windows, filled as windows close (here: with this slice's rows).
  const recent = createRecentWindows();
  // A running pipeline has seen windows before the incident's hour: ten healthy minutes before the slice.
  const before = generateRows(topo, { ...fault, atMinute: Infinity }, start - 10 * MINUTE, 10, SEED * 1000 + i + 1, 0);
  recent.add(before.features, before.edges);
  for (let m = 0; m < MINUTES; m++) {
    const at = start + m * MINUTE;
    recent.add(rows.features.filter((w) => w.windowStart === at), rows.edges.filter((e) => e.windowStart === at));
  }
  const h0 = performance.now();
  const hot = await analyseIncident(incident, graph, recent.source(storeWindows(stores)), MINUTE);
  hotMs.push(performance.now() - h0);
  if (i >= 0 && hot[0]?.service === fault.target) hotTop1++;
  // The two reads again, alone, to split the end-to-end time into store reads and ranking.
  const from = faultMs - BASELINE_MINUTES * MINUTE;
  const to = faultMs + AFTER_MINUTES * MINUTE;
  const r0 = performance.now();
  await stores.features.queryRange(from, to, '1m', { serviceLevelOnly: true });
  const r1 = performance.now();
  await stores.graph.queryInbound(from, to);
  const r2 = performance.now();
  if (i < 0) {
    console.log(`warm-up: write ${(w1 - w0).toFixed(0)} ms, analyse ${(t1 - t0).toFixed(1)} ms`);
    continue;
  }
  writeMs.push(w1 - w0);
  e2eMs.push(t1 - t0);
  featureReadMs.push(r1 - r0);
  edgeReadMs.push(r2 - r1);
  if (causes[0]?.service === fault.target) e2eTop1++;
  console.log(`  e2e #${i} ${describe(fault)}: write ${(w1 - w0).toFixed(0)} ms, analyse ${(t1 - t0).toFixed(1)} ms (reads alone: features ${(r1 - r0).toFixed(0)} ms, edges ${(r2 - r1).toFixed(0)} ms) → ${causes[0] ? `${causes[0].service} (${causes[0].indicator}, ${causes[0].score})` : 'no cause'}`);
}
const stored = (await stores.client.query<{ n: number }>(`SELECT count(*)::int AS n FROM feature_windows WHERE operation = $1`, [ALL_OPERATIONS])).rows[0]?.n;
await stores.close();
const e2e = stats(e2eMs);
const write = stats(writeMs);
const featureRead = stats(featureReadMs);
const edgeRead = stats(edgeReadMs);
console.log(`store writes per slice:     p50 ${write.p50} ms, p95 ${write.p95} ms (not part of the RCA; ${stored} service-level rows stored at the end)`);
console.log(`reads alone:                queryRange p50 ${featureRead.p50} ms p95 ${featureRead.p95} ms, queryInbound p50 ${edgeRead.p50} ms p95 ${edgeRead.p95} ms`);
console.log(`end-to-end analyseIncident, cold (store reads): p50 ${e2e.p50} ms, p95 ${e2e.p95} ms, max ${e2e.max} ms; injected target ranked first ${e2eTop1}/${ITERATIONS}`);
const hot = stats(hotMs);
console.log(`end-to-end analyseIncident, hot (recent windows in memory): p50 ${hot.p50} ms, p95 ${hot.p95} ms, max ${hot.max} ms; injected target ranked first ${hotTop1}/${ITERATIONS}`);
const target1s = hot.p95 < 1000 && rank.p95 < 1000;
console.log(`target p95 < 1000 ms: ${target1s ? 'met' : 'NOT met'}`);

console.log(
  `RESULT ${JSON.stringify({
    services: topo.services.length,
    dependencies: topo.dependencies.length,
    edges: topo.edges.length,
    nodes: size.nodes,
    variables: size.variables,
    samples: size.samples,
    featureRows: size.featureRows,
    edgeRows: size.edgeRows,
    operationsPerService: OPERATIONS,
    iterations: ITERATIONS,
    buildP95Ms: build.p95,
    rankP50Ms: rank.p50,
    rankP95Ms: rank.p95,
    rankMaxMs: rank.max,
    pureP95Ms: pureTotal.p95,
    endToEndP50Ms: e2e.p50,
    endToEndP95Ms: e2e.p95,
    endToEndMaxMs: e2e.max,
    hotP50Ms: hot.p50,
    hotP95Ms: hot.p95,
    hotTop1: +(hotTop1 / ITERATIONS).toFixed(3),
    coldTarget1s: e2e.p95 < 1000,
    featureReadP95Ms: featureRead.p95,
    edgeReadP95Ms: edgeRead.p95,
    rankTop1: +(rankTop1 / ITERATIONS).toFixed(3),
    endToEndTop1: +(e2eTop1 / ITERATIONS).toFixed(3),
    target1s,
  })}`,
);

function incidentAt(firstMs: number, openedMs: number, fault: BenchFault): Incident {
  return {
    id: `bench-${fault.kind}-${fault.target}`,
    status: 'open',
    severity: 'high',
    openedAt: new Date(openedMs).toISOString(),
    firstAnomalyAt: new Date(firstMs).toISOString(),
    resolvedAt: null,
    services: [fault.target],
    rootCauses: [],
    anomalies: [],
  };
}

function describe(f: BenchFault): string {
  return `${f.kind.padEnd(7)} on ${f.target}`;
}

function stats(samples: readonly number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => +s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)].toFixed(1);
  return { p50: q(0.5), p95: q(0.95), max: +(s.at(-1) as number).toFixed(1) };
}

function positiveInt(raw: string, name: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1, got "${raw}"`);
  return n;
}
