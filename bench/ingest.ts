/**
 * bench/ingest: spans per second per core from a protobuf export request to stored features, next to a
 * decode-only baseline measured in the same run on the same payloads, and memory per 10k active series.
 *
 *   node --expose-gc --import tsx bench/ingest.ts [--requests 6000] [--spans 100] [--services 50] [--event-rate 20000]
 *
 * End to end = OTLP handler (content negotiation, decode, validation, enqueue) → ingest queue → event-time
 * windows and sketches → closed windows upserted into PGlite (in-process, in-memory) → detectors → incidents.
 * Everything runs on this one Node thread, so spans/s is also spans/s per core; CPU time is reported too.
 */
import { parseArgs } from 'node:util';
import { opentelemetry } from '../src/ingest/otlp/generated/otlp.js';
import { decodeTraces } from '../src/ingest/otlp/decode-traces.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { silentLogger } from '../src/obs/logger.js';
import { createWindowAggregator } from '../src/features/window-aggregator.js';
import { SpanKind, type SpanRecord } from '../src/core/index.js';
import { buildTraceRequest } from './lib/otlp-payloads.js';

const { values } = parseArgs({ options: { requests: { type: 'string' }, spans: { type: 'string' }, services: { type: 'string' }, 'event-rate': { type: 'string' } } });
const REQUESTS = Number(values.requests ?? 6000);
const SPANS = Number(values.spans ?? 100);
const SERVICES = Array.from({ length: Number(values.services ?? 50) }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
const base = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;
// Event-time density: spans per second of the telemetry's own clock. Stored rows scale with windows × series, not
// spans, so a sparse stream (few spans per series-window) is the store-bound worst case and a dense one shows the
// per-span cost. Default 20 000 spans/s (a mid-size production system); --event-rate 333 is the sparse case.
const EVENT_RATE = Number(values['event-rate'] ?? 20_000);
const spacingMs = 1000 / EVENT_RATE;
const payloads = Array.from({ length: REQUESTS }, (_, i) => buildTraceRequest({ spans: SPANS, services: SERVICES.slice((i * 7) % 40, ((i * 7) % 40) + 10), startMs: base + i * SPANS * spacingMs, seed: i + 1, spacingMs }));
const totalSpans = REQUESTS * SPANS;
const bytes = payloads.reduce((n, p) => n + p.byteLength, 0);
console.log(`${REQUESTS} requests × ${SPANS} spans = ${totalSpans} spans, ${(bytes / totalSpans).toFixed(0)} bytes/span, ${EVENT_RATE} spans per event-second = ${((REQUESTS * SPANS * spacingMs) / 60_000).toFixed(1)} min of event time`);

function cpuSeconds(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

// 1. Decode-only baseline: the generated protobufjs decoder alone, best of 3.
const Req = opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
let decodeRate = 0;
for (let round = 0; round < 3; round++) {
  const t0 = process.hrtime.bigint();
  for (const p of payloads) Req.decode(p);
  decodeRate = Math.max(decodeRate, totalSpans / (Number(process.hrtime.bigint() - t0) / 1e9));
}
console.log(`decode-only (protobufjs generated decode):        ${Math.round(decodeRate).toLocaleString()} spans/s`);

// 2. Decode + validate + map to SpanRecord (the receiver's decoder), best of 3.
let mapRate = 0;
for (let round = 0; round < 3; round++) {
  const t0 = process.hrtime.bigint();
  for (const p of payloads) decodeTraces(p, 'protobuf', { nowMs: Date.now(), maxFutureSkewMs: 600_000 });
  mapRate = Math.max(mapRate, totalSpans / (Number(process.hrtime.bigint() - t0) / 1e9));
}
console.log(`decode + validate + map (receiver decoder):       ${Math.round(mapRate).toLocaleString()} spans/s`);

// 3. End to end into the embedded store.
const app = await createApp(loadConfig({ AIOPS_DATA_DIR: 'memory://', AIOPS_OTLP_PORT: '0', AIOPS_HTTP_PORT: '0', AIOPS_LOG_LEVEL: 'error', AIOPS_QUEUE_ITEMS: String(totalSpans + 1) }), { logger: silentLogger });
await app.start();
const handle = app.otlp!.handle;
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
for (const p of payloads) {
  const r = await handle('traces', p, 'application/x-protobuf');
  if (r.status !== 200) throw new Error(`receiver answered ${r.status}`);
}
const handledSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
await app.queue.stop();
await app.pipeline.flush();
const e2eSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
const e2eCpu = cpuSeconds(cpu0);
const stored = await app.stores.features.queryRange(base, base + 24 * 3_600_000, '1m');
const storedRequests = stored.filter((w) => w.operation === '').reduce((n, w) => n + w.requests, 0);
await app.stop();
const e2eRate = totalSpans / e2eSeconds;
console.log(`end to end (request → stored features):           ${Math.round(e2eRate).toLocaleString()} spans/s, ${(totalSpans / e2eCpu).toLocaleString(undefined, { maximumFractionDigits: 0 })} spans per CPU-second, ${stored.length} windows stored (${storedRequests} requests)`);
console.log(`end to end / decode-only: ${(e2eRate / decodeRate).toFixed(2)} (requests answered after ${handledSeconds.toFixed(2)} s, store drained after ${e2eSeconds.toFixed(2)} s)`);

// 4. Memory per 10k active series: one open window holding 10k (service, operation) series.
const gc = (globalThis as { gc?: () => void }).gc;
const spans: SpanRecord[] = [];
for (let i = 0; i < 10_000; i++) {
  const start = base + (i % 50) * 100;
  for (let k = 0; k < 5; k++)
    spans.push({ traceId: 'a'.repeat(32), spanId: (i * 8 + k).toString(16).padStart(16, '0'), parentSpanId: '', service: `svc-${i % 500}`, name: `GET /route/${i}`, kind: SpanKind.SERVER, startMs: start + k, endMs: start + k + 5 + (k * 7) % 40, statusCode: 0 });
}
gc?.();
const heap0 = process.memoryUsage().heapUsed;
const agg = createWindowAggregator({ windowMs: 60_000, allowedLatenessMs: 30_000 });
agg.add({ spans, metrics: [], logs: [], source: 'bench' });
gc?.();
const heap1 = process.memoryUsage().heapUsed;
const series = agg.openSeries();
const bytesPerSeries = (heap1 - heap0) / series;
console.log(`memory: ${series} open series → ${((heap1 - heap0) / 1048576).toFixed(1)} MiB, ${Math.round(bytesPerSeries)} bytes/series, ${((bytesPerSeries * 10_000) / 1048576).toFixed(1)} MiB per 10k series${gc ? '' : ' (run with --expose-gc for a clean number)'}`);

console.log(
  `RESULT ${JSON.stringify({
    spans: totalSpans,
    eventRate: EVENT_RATE,
    decodeOnlySpansPerSec: Math.round(decodeRate),
    decodeMapSpansPerSec: Math.round(mapRate),
    endToEndSpansPerSec: Math.round(e2eRate),
    endToEndSpansPerCpuSec: Math.round(totalSpans / e2eCpu),
    endToEndOverDecodeOnly: Number((e2eRate / decodeRate).toFixed(3)),
    cores: 1,
    windowsStored: stored.length,
    memoryMiBPer10kSeries: Number(((bytesPerSeries * 10_000) / 1048576).toFixed(2)),
  })}`,
);
