/**
 * bench/foreign: the product measured on telemetry it did not write. An independent generator (this folder only;
 * nothing from src/sim) drives a shop modelled on the OpenTelemetry Astronomy Shop through the official OpenTelemetry
 * JS SDK (BasicTracerProvider + the OTLP/protobuf trace exporter) into a real aiops app on loopback, metrics as OTLP
 * JSON, event time backfilled on a clock pinned to it; then it reads /api/incidents and scores them against the
 * ground truth, which the product never sees (written to --out beside the incidents).
 * Run: npx tsx bench/foreign/run.ts --seed 1 [--seeds 1,2,3] [--out bench/foreign/out] [--rescore: score the files a
 * previous run left in --out again]
 * Prints a table per seed, a summary, and `RESULT {json}` last.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/obs/logger.js';
import { createRng, type Rng } from './rng.js';
import { activeFault, buildScenario, type Scenario } from './scenario.js';
import { metricsPayload, type MetricsState } from './metrics.js';
import { request, type TraceEnv } from './traces.js';
import { GC_PAUSE, PAGES, shopServices, type Service } from './topology.js';
import { scoreRun, summarize, type ApiIncident, type RunScore } from './score.js';

/** A fixed Monday 06:30 UTC: the diurnal ramp climbs through the run (×1.7 from start to end). */
const START_MS = Date.parse('2026-11-02T06:30:00Z');
/** Page requests per minute at the daily mean. */
const BASE_RPM = 200;
/** 16 services (load generator and flagd included), 3 databases, 1 Kafka topic. */
const NODES = 20;

const diurnal = (ms: number): number => 1 + 0.5 * Math.sin((2 * Math.PI * ((ms / 3_600_000) % 24 - 9)) / 24);

function versionAt(scenario: Scenario, svc: Service, minute: number, rng: Rng): string {
  let v = svc.version;
  for (const d of scenario.deployments) {
    if (d.service !== svc.name || minute < d.minute) continue;
    // Rolling update: the new version's share grows linearly over rollMinutes.
    const share = d.rollMinutes > 0 ? (minute - d.minute) / d.rollMinutes : 1;
    if (share >= 1 || rng.chance(share)) v = d.version;
  }
  return v;
}

async function runSeed(seed: number, outDir: string): Promise<RunScore> {
  const rng = createRng(seed);
  const idRng = createRng(seed * 7919 + 17);
  const scenario = buildScenario(rng);
  const services = shopServices();
  const byName = new Map(services.map((s) => [s.name, s]));
  writeFileSync(join(outDir, `truth-seed-${seed}.json`), JSON.stringify({ seed, startMs: START_MS, start: new Date(START_MS).toISOString(), ...scenario }, null, 1));

  let now = START_MS;
  const app = await createApp(
    loadConfig({ AIOPS_DATA_DIR: 'memory://', AIOPS_OTLP_PORT: '0', AIOPS_OTLP_GRPC_PORT: '0', AIOPS_HTTP_PORT: '0', AIOPS_LOG_LEVEL: 'error' }),
    { logger: silentLogger, clock: { now: () => now } },
  );
  await app.start();
  const otlp = `http://127.0.0.1:${app.ports().otlp}`;
  const api = `http://127.0.0.1:${app.ports().http}`;
  const idGenerator = { generateTraceId: () => idRng.hex(16), generateSpanId: () => idRng.hex(8) };
  const providers = new Map<string, BasicTracerProvider>();
  const tracers = new Map<string, Tracer>();
  const currentVersion = new Map<string, string>();
  const tracerOf = (service: string, version: string): Tracer => {
    const key = `${service}@${version}`;
    let t = tracers.get(key);
    if (!t) {
      const svc = byName.get(service)!;
      const provider = new BasicTracerProvider({
        idGenerator,
        resource: resourceFromAttributes({ 'service.name': service, 'service.version': version, 'service.namespace': 'opentelemetry-demo', 'deployment.environment.name': 'prod', 'telemetry.sdk.language': svc.runtime === 'jvm' ? 'java' : svc.runtime === 'node' ? 'nodejs' : svc.runtime === 'go' ? 'go' : 'cpp' }),
        spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${otlp}/v1/traces`, timeoutMillis: 60_000 }), { maxQueueSize: 200_000, maxExportBatchSize: 5_000, scheduledDelayMillis: 3_600_000, exportTimeoutMillis: 60_000 })],
      });
      providers.set(key, provider);
      t = provider.getTracer('foreign-generator', '1.0.0');
      tracers.set(key, t);
    }
    return t;
  };
  const spans = { n: 0 };
  const metricsState: MetricsState = { cpuSeconds: new Map(), startMs: START_MS };
  let minute = 0;
  const jitter = new Map<string, number>();
  const pauses = new Map<string, readonly [number, number]>();
  const env: TraceEnv = {
    rng, services: byName, spans, fault: undefined, jitter, pauses,
    tracer: (service, atMs) => tracerOf(service, versionAt(scenario, byName.get(service)!, (atMs - START_MS) / 60_000, rng)),
  };
  const t0 = Date.now();
  try {
    for (minute = 0; minute < scenario.minutes; minute++) {
      const minuteStart = START_MS + minute * 60_000;
      now = minuteStart + 60_000;
      const b = scenario.burst;
      const surge = minute >= b.minute && minute < b.minute + b.minutes ? b.factor : 1;
      const load = diurnal(minuteStart) * rng.lognormal(1, 0.1) * surge;
      // Per-minute jitter of each service's latency, and now and then a stop-the-world pause of a JVM.
      pauses.clear();
      for (const s of services) {
        jitter.set(s.name, rng.lognormal(1, 0.12));
        if (s.runtime === 'jvm' && rng.chance(GC_PAUSE.perMinute)) {
          const at = minuteStart + rng.next() * 60_000;
          pauses.set(s.name, [at, at + GC_PAUSE.minMs + rng.next() * (GC_PAUSE.maxMs - GC_PAUSE.minMs)]);
        }
      }
      const n = rng.poisson(BASE_RPM * load);
      const progress = minute / scenario.minutes;
      const mix = PAGES.map((p) => [p.op, p.start + (p.end - p.start) * progress] as const);
      const starts = Array.from({ length: n }, () => rng.next() * 60_000).sort((a, b) => a - b);
      for (const s of starts) {
        env.fault = activeFault(scenario, minute + s / 60_000);
        request(env, rng.weighted(mix), minuteStart + s);
      }
      await Promise.all([...providers.values()].map((p) => p.forceFlush()));
      env.fault = activeFault(scenario, minute + 0.5);
      for (const s of services) currentVersion.set(s.name, versionAt(scenario, s, minute + 0.99, rng));
      const body = JSON.stringify(metricsPayload(rng, services, minuteStart, load, env.fault, metricsState, (svc) => currentVersion.get(svc)!));
      await postMetrics(`${otlp}/v1/metrics`, body);
      if (minute % 30 === 29) process.stderr.write(`seed ${seed}: minute ${minute + 1}/${scenario.minutes}, ${spans.n} spans, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
    }
    await Promise.all([...providers.values()].map((p) => p.shutdown()));
    await app.queue.stop();
    await app.pipeline.flush();
    const received = await app.metrics.registry.getSingleMetricAsString('aiops_received_total');
    const accepted = Number(/signal="spans",source="otlp-http"\} (\d+)/.exec(received)?.[1] ?? NaN);
    const list = (await (await fetch(`${api}/api/incidents?limit=1000`)).json()) as { incidents: ApiIncident[] };
    const incidents = await Promise.all(list.incidents.map(async (i) => (await (await fetch(`${api}/api/incidents/${i.id}`)).json()) as ApiIncident));
    incidents.sort((a, b) => a.openedAt.localeCompare(b.openedAt));
    writeFileSync(join(outDir, `incidents-seed-${seed}.json`), JSON.stringify(incidents, null, 1));
    // What the product made of the topology (node names, edges), for reading a wrong answer afterwards.
    const seen = await (await fetch(`${api}/api/services`)).json();
    const graph = await (await fetch(`${api}/api/graph?service=frontend-proxy&depth=6`)).json();
    writeFileSync(join(outDir, `graph-seed-${seed}.json`), JSON.stringify({ services: seen, graph }, null, 1));
    process.stderr.write(`seed ${seed}: ${spans.n} spans made, ${accepted} accepted by the receiver, ${incidents.length} incidents, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
    if (accepted !== spans.n) process.stderr.write(`seed ${seed}: WARNING the SDK delivered ${accepted} of ${spans.n} spans\n`);
    const score = scoreRun(incidents, scenario.faults, { startMs: START_MS, minutes: scenario.minutes, nodes: NODES });
    print(seed, score, incidents, scenario);
    return score;
  } finally {
    await app.stop();
  }
}

/** POST as an OTLP exporter does: 429/503 are retried after Retry-After (the receiver sheds load under lag). */
async function postMetrics(url: string, body: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (r.status === 200) return;
    const text = await r.text();
    if ((r.status !== 429 && r.status !== 503) || attempt >= 30) throw new Error(`metrics POST answered ${r.status}: ${text}`);
    const wait = Math.min(5, Number(r.headers.get('retry-after') ?? 1) || 1);
    await new Promise((res) => setTimeout(res, wait * 1000));
  }
}

/** --rescore: score the truth and incidents a previous run wrote to --out again, without running anything. */
function rescore(seed: number, outDir: string): RunScore {
  const truth = JSON.parse(readFileSync(join(outDir, `truth-seed-${seed}.json`), 'utf8')) as Scenario & { startMs: number };
  const incidents = JSON.parse(readFileSync(join(outDir, `incidents-seed-${seed}.json`), 'utf8')) as ApiIncident[];
  const score = scoreRun(incidents, truth.faults, { startMs: truth.startMs, minutes: truth.minutes, nodes: NODES });
  print(seed, score, incidents, truth);
  return score;
}

const hhmm = (ms: number): string => new Date(ms).toISOString().slice(11, 16);

function print(seed: number, score: RunScore, incidents: readonly ApiIncident[], scenario: Scenario): void {
  console.log(`\nseed ${seed}: ${scenario.minutes} min from ${new Date(START_MS).toISOString()}, ${incidents.length} incidents`);
  console.log('fault          node                              at     found  ttd(s)  rca rank  top root causes');
  for (const f of score.faults) {
    console.log(`${f.kind.padEnd(14)} ${f.node.padEnd(33)} ${hhmm(f.startMs)}  ${String(f.found).padEnd(5)}  ${String(f.detectSeconds ?? '-').padEnd(6)}  ${String(f.rcaRank ?? '-').padEnd(8)}  ${f.topRootCauses.join(', ')}`);
    for (const s of f.strays) console.log(`${''.padEnd(14)} stray incident during it: [${s.join(', ')}]`);
  }
  for (const i of score.unmatched) {
    const a = i.anomalies.slice(0, 4).map((x) => `${x.service}/${x.operation || '*'}/${x.feature} ${x.value.toFixed(1)} vs ${x.baseline.toFixed(1)}`);
    console.log(`${score.falseIncidents.includes(i) ? 'false' : 'unmatched (during a fault or its aftermath)'} incident ${i.id} opened ${hhmm(Date.parse(i.openedAt))} resolved ${i.resolvedAt ? hhmm(Date.parse(i.resolvedAt)) : '-'} services [${i.services.join(', ')}] anomalies: ${a.join('; ')}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seed: { type: 'string' }, seeds: { type: 'string' }, out: { type: 'string' }, rescore: { type: 'boolean' } } });
  const seeds = (values.seeds ?? values.seed ?? '1').split(',').map((s) => Number(s.trim()));
  if (seeds.some((s) => !Number.isInteger(s) || s < 0)) {
    console.error('--seed/--seeds: non-negative integers');
    process.exit(2);
  }
  const outDir = values.out ?? join(import.meta.dirname, 'out');
  mkdirSync(outDir, { recursive: true });
  console.log('mode: foreign generator (bench/foreign, OTel JS SDK over OTLP/HTTP); the product gets telemetry only, ground truth stays in', outDir);
  const runs: RunScore[] = [];
  for (const seed of seeds) runs.push(values.rescore ? rescore(seed, outDir) : await runSeed(seed, outDir));
  const summary = summarize(runs);
  const byKind: Record<string, { found: number; faults: number; top1: number; top3: number }> = {};
  for (const f of runs.flatMap((r) => r.faults)) {
    const k = (byKind[f.kind] ??= { found: 0, faults: 0, top1: 0, top3: 0 });
    k.faults++;
    if (f.found) k.found++;
    if (f.rcaRank === 1) k.top1++;
    if (f.rcaRank !== null && f.rcaRank <= 3) k.top3++;
  }
  console.log(`\nseeds ${seeds.join(',')}: recall ${summary.found}/${summary.faults}, median ttd ${summary.medianDetectSeconds} s, RCA top-1 ${summary.rcaTop1}/${summary.found} top-3 ${summary.rcaTop3}/${summary.found}, false incidents ${summary.falseIncidents} in ${summary.serviceHours} service-hours = ${summary.falsePer100ServiceHours} per 100, incidents matching no fault ${summary.unmatchedIncidents}`);
  console.log(`RESULT ${JSON.stringify({ seeds, ...summary, byKind })}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
