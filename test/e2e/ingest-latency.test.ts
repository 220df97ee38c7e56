// Issue 16: ingest never waits for root-cause analysis. The real ingest path (OTLP/HTTP receiver on loopback →
// bounded ingest queue → pipeline stages → PGlite stores) with a scripted detector that opens ten separate
// incidents, and an injected analysis port that runs the real cold analysis (store reads + ranking) and then stays
// busy until the test lets it go. p99 of POST /v1/traces is measured idle first, then while all ten incidents are
// in analysis at once; the telemetry sent meanwhile must be windowed, not left in the queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_OPERATIONS, systemClock, type Anomaly, type FeatureWindow, type RootCause } from '../../src/core/index.js';
import type { Detector } from '../../src/core/detector.js';
import { createIngestQueue, type RunnableIngestQueue } from '../../src/ingest/ingest-queue.js';
import { createOtlpHttpReceiver, type OtlpHttpReceiver } from '../../src/ingest/otlp-http-receiver.js';
import { createMetrics } from '../../src/obs/metrics.js';
import { silentLogger } from '../../src/obs/logger.js';
import { analyseIncident, storeWindows } from '../../src/pipeline/analyse-incident.js';
import { createPipeline, type IncidentAnalysis, type Pipeline } from '../../src/pipeline/pipeline.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';

const MIN = 60_000;
const BASE = Math.floor(Date.now() / MIN) * MIN - 30 * MIN;
const FAULTY = Array.from({ length: 10 }, (_, k) => `faulty-${k}`);
const REQUESTS = 300;
const WARM_UP = 40;

/** Every closed service-level window of a faulty service is a strong p99 anomaly; nothing else is. */
const scriptedDetector: Detector = {
  name: 'scripted',
  warm: () => undefined,
  observe: (rows: readonly FeatureWindow[]): Anomaly[] =>
    rows
      .filter((w) => w.operation === ALL_OPERATIONS && w.service.startsWith('faulty-'))
      .map((w) => ({ service: w.service, operation: ALL_OPERATIONS, feature: 'p99Ms', windowStart: new Date(w.windowStart).toISOString(), value: 900, baseline: 40, score: 20, direction: 'up' })),
};

let stores: Stores;
let pipeline: Pipeline;
let queue: RunnableIngestQueue;
let receiver: OtlpHttpReceiver;
const metrics = createMetrics();
let release!: () => void;
const released = new Promise<void>((resolve) => (release = resolve));
let inAnalysis = 0;
let analysed = 0;
const slowAnalysis: IncidentAnalysis = async (incident, graph) => {
  inAnalysis++;
  // The real cold path first (store reads, then the ranking), then held: an analysis far slower than ingest.
  await analyseIncident(incident, graph, storeWindows(stores), MIN);
  await released;
  inAnalysis--;
  analysed++;
  return [{ service: incident.services[0]!, indicator: 'latency', score: 0.9, evidence: ['held analysis'] } satisfies RootCause];
};

beforeAll(async () => {
  stores = await openStores({ dataDir: 'memory://' });
  let n = 0;
  pipeline = createPipeline(
    { windowMs: MIN, allowedLatenessMs: 0, idleFlushMs: 600_000, stages: { analysisConcurrency: 10 } },
    { features: stores.features, graph: stores.graph, incidents: stores.incidents, state: stores.state, detector: scriptedDetector, metrics, logger: silentLogger, clock: systemClock, newIncidentId: () => `inc-${n++}`, analyse: slowAnalysis },
  );
  queue = createIngestQueue({ maxItems: 100_000, sink: pipeline, metrics, logger: silentLogger });
  receiver = createOtlpHttpReceiver({ host: '127.0.0.1', port: 0 }, { queue, metrics, logger: silentLogger, clock: systemClock });
  await pipeline.start();
  await queue.start();
  await receiver.start();
}, 120_000);

afterAll(async () => {
  release();
  await receiver?.stop();
  await queue?.stop();
  await pipeline?.stop();
  await stores?.close();
});

let nextId = 1;
const ns = (ms: number) => String(BigInt(Math.round(ms)) * 1_000_000n);
function traces(service: string, startsMs: number[]): string {
  const spans = startsMs.map((t) => ({ traceId: 'ab'.repeat(16), spanId: (nextId++).toString(16).padStart(16, '0'), name: 'GET /', kind: 2, startTimeUnixNano: ns(t), endTimeUnixNano: ns(t + 15) }));
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ spans }] }] });
}
async function post(body: string): Promise<number> {
  const t = performance.now();
  const r = await fetch(`http://127.0.0.1:${receiver.port()}/v1/traces`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  await r.arrayBuffer();
  expect(r.status).toBe(200);
  return performance.now() - t;
}
function p99(ms: number[]): number {
  const sorted = ms.slice().sort((a, b) => a - b);
  return sorted[Math.ceil(0.99 * sorted.length) - 1]!;
}
/** `count` requests of 20 spans from `steady`, its event time moving on 2 s a request (a window closes every 30). */
let steadyAt = BASE;
async function steadyLoad(count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const body = traces('steady', Array.from({ length: 20 }, (_, k) => steadyAt + k * 50));
    steadyAt += 2_000;
    latencies.push(await post(body));
  }
  return latencies;
}
const closedWindows = async () => (await metrics.windowsClosed.get()).values.find((v) => v.labels.resolution === '1m')?.value ?? 0;

describe('ingest latency while incidents are analysed', () => {
  it('keeps p99 of POST /v1/traces within 2x its idle value while ten incidents are in analysis at once', async () => {
    await steadyLoad(WARM_UP);
    const idle = p99(await steadyLoad(REQUESTS));

    // Ten unconnected services each close one anomalous window: ten incidents, each handed to analysis.
    for (const s of FAULTY) await post(traces(s, [BASE + 1_000]));
    for (const s of FAULTY) await post(traces(s, [BASE + MIN + 1_000]));
    await expect.poll(() => inAnalysis, { timeout: 30_000 }).toBe(10);

    const windowsBefore = await closedWindows();
    const loaded = p99(await steadyLoad(REQUESTS));
    // Ingest went on meanwhile: the queue drained and steady's windows kept closing, with every analysis still held.
    await expect.poll(() => queue.depth(), { timeout: 10_000 }).toBe(0);
    expect(await closedWindows()).toBeGreaterThanOrEqual(windowsBefore + 9);
    expect(inAnalysis).toBe(10);
    expect(analysed).toBe(0);
    console.log(`POST /v1/traces p99: idle ${idle.toFixed(2)} ms, ten incidents in analysis ${loaded.toFixed(2)} ms (${REQUESTS} requests each)`);
    expect(loaded).toBeLessThanOrEqual(2 * idle);
    expect(await metrics.registry.getSingleMetricAsString('aiops_stage_queue_depth')).toContain('aiops_stage_queue_depth{stage="analysis"} 0');

    // Let the analyses finish: every incident gets its root causes, and the stages drain.
    release();
    await expect.poll(() => analysed, { timeout: 30_000 }).toBe(10);
    await pipeline.flush();
    const saved = await stores.incidents.list({ limit: 50 });
    expect(saved.map((i) => i.services[0]).sort()).toEqual([...FAULTY].sort());
    for (const i of saved) expect(i.rootCauses).toEqual([{ service: i.services[0], indicator: 'latency', score: 0.9, evidence: ['held analysis'] }]);
  }, 60_000);
});
