/**
 * Speed and memory of the window aggregator (not a timed test). Run:
 *   node --expose-gc --import tsx test/features/aggregator.bench.ts
 * Last line: RESULT {json}.
 */
import { SpanKind, type SpanRecord } from '../../src/core/index.js';
import { createWindowAggregator } from '../../src/features/window-aggregator.js';

const MIN = 60_000;
let seed = 42;
const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const hex = (n: number): string => n.toString(16).padStart(16, '0');
/** Heap plus typed-array backing stores, which live outside the V8 heap. */
const used = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** Every field present, as the OTLP decoder builds them (one hidden class). */
function rec(
  traceId: string, spanId: string, parentSpanId: string, service: string, name: string,
  kind: SpanRecord['kind'], startMs: number, endMs: number, statusCode: 0 | 2, peerService: string | undefined,
): SpanRecord {
  return {
    traceId, spanId, parentSpanId, service, name, kind, startMs, endMs, statusCode, peerService,
    serverAddress: undefined, dbSystem: undefined, dbName: undefined, rpcService: undefined, httpStatus: undefined, serviceVersion: undefined,
  };
}

/** Collects garbage until typed-array backing stores (freed after the GC that finds them) are released. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Traces of 4 spans: server, internal child, client (peer.service or pairing), downstream server. */
function makeBatches(total: number, batchSize: number, spansPerSecond: number): SpanRecord[][] {
  const services = Array.from({ length: 20 }, (_, i) => `svc-${i}`);
  const ops = Array.from({ length: 10 }, (_, i) => `GET /route/${i}`);
  const batches: SpanRecord[][] = [];
  let id = 1;
  let cur: SpanRecord[] = [];
  for (let n = 0; n < total; n += 4) {
    const t = 1_700_000_000_000 + (n / spansPerSecond) * 1000;
    const svc = services[n % 20];
    const down = services[(n + 7) % 20];
    const dur = 5 + rand() * 100;
    const server = id++;
    const clientId = id++;
    const statusCode = (rand() < 0.01 ? 2 : 0) as 0 | 2;
    const traceId = hex(n) + hex(n);
    const name = ops[Math.floor(rand() * 10)];
    const peer = n % 8 === 0 ? undefined : down;
    cur.push(rec(traceId, hex(server), hex(id++), svc, name, SpanKind.SERVER, t, t + dur, statusCode, undefined));
    cur.push(rec(traceId, hex(id++), hex(server), svc, 'work', SpanKind.INTERNAL, t + 1, t + 3, statusCode, undefined));
    cur.push(rec(traceId, hex(clientId), hex(server), svc, 'call', SpanKind.CLIENT, t + 3, t + dur - 1, statusCode, peer));
    cur.push(rec(traceId, hex(id++), hex(clientId), down, name, SpanKind.SERVER, t + 4, t + dur - 2, statusCode, undefined));
    if (cur.length >= batchSize) {
      batches.push(cur);
      cur = [];
    }
  }
  if (cur.length > 0) batches.push(cur);
  return batches;
}

/** Sanity check of the workload: every server span is a request, every client span one edge call. */
function verify(batches: SpanRecord[][]): void {
  const agg = createWindowAggregator({ windowMs: MIN, allowedLatenessMs: 30_000 });
  const features = [];
  const edges = [];
  for (const b of batches) {
    agg.add({ spans: b, metrics: [], logs: [], source: 'bench' });
    const c = agg.drain();
    features.push(...c.features);
    edges.push(...c.edges);
  }
  const c = agg.flushAll();
  features.push(...c.features);
  edges.push(...c.edges);
  const spans = batches.reduce((s, b) => s + b.length, 0);
  const requests = features.filter((f) => f.operation === '').reduce((s, f) => s + f.requests, 0);
  const calls = edges.reduce((s, e) => s + e.calls, 0);
  if (requests !== spans / 2 || calls !== spans / 4) throw new Error(`workload mismatch: ${requests} requests, ${calls} calls for ${spans} spans`);
}

function speed(): { spansPerSec: number; nsPerSpan: number; wallSpansPerSec: number } {
  const batches = makeBatches(600_000, 512, 3_000);
  const run = (): number => {
    const agg = createWindowAggregator({ windowMs: MIN, allowedLatenessMs: 30_000 });
    // CPU time of this process rather than wall time: the machine it runs on may be shared.
    const w0 = process.hrtime.bigint();
    const t0 = process.cpuUsage();
    for (const b of batches) {
      agg.add({ spans: b, metrics: [], logs: [], source: 'bench' });
      agg.drain();
    }
    agg.flushAll();
    const t = process.cpuUsage(t0);
    wall = Math.min(wall, Number(process.hrtime.bigint() - w0) / 1e9);
    return (t.user + t.system) / 1e6;
  };
  let wall = Infinity;
  verify(batches);
  run();
  const secs = Math.min(run(), run(), run());
  const spans = batches.reduce((s, b) => s + b.length, 0);
  return { spansPerSec: Math.round(spans / secs), nsPerSpan: Math.round((secs * 1e9) / spans), wallSpansPerSec: Math.round(spans / wall) };
}

/** `perSeries` requests per series with latencies spread over three decades (2 ms – 2 s). */
/**
 * Bytes per open series. The self-time and pairing maps are bounded and shared by all series (a fixed
 * cost, reported apart), so they are kept tiny here unless `sharedMaps`.
 */
async function memory(services: number, opsPerService: number, perSeries: number, sharedMaps = false): Promise<{ series: number; bytesPerSeries: number; totalBytes: number }> {
  const spans: SpanRecord[] = [];
  for (let s = 0; s < services; s++) {
    for (let o = 0; o < opsPerService; o++) {
      for (let i = 0; i < perSeries; i++) {
        const t = 1000 + i;
        spans.push({ traceId: '', spanId: hex(spans.length), parentSpanId: '', service: `svc-${s}`, name: `op-${o}`, kind: SpanKind.SERVER, startMs: t, endMs: t + 2 + rand() * rand() * 2000, statusCode: 0 });
      }
    }
  }
  const limits = sharedMaps ? {} : { selfTimeGeneration: 1, maxPendingCalls: 2 };
  const agg = createWindowAggregator({ windowMs: MIN, allowedLatenessMs: 30_000, ...limits });
  await settle();
  const before = used();
  agg.add({ spans, metrics: [], logs: [], source: 'bench' });
  await settle();
  const bytes = used() - before;
  const series = agg.openSeries();
  if (spans.length === 0) throw new Error('spans must stay alive until measured');
  return { series, bytesPerSeries: Math.round(bytes / series), totalBytes: bytes };
}

const mem = await memory(100, 99, 20);
console.log(`memory: ${mem.series} open series of 20 requests, ${mem.bytesPerSeries} bytes/series`);
const dense = await memory(20, 99, 400);
console.log(`memory: ${dense.series} open series of 400 requests, ${dense.bytesPerSeries} bytes/series`);
const shared = await memory(20, 99, 400, true);
const fixedMb = (shared.totalBytes - dense.totalBytes) / 2 ** 20;
console.log(`memory: bounded self-time/pairing maps at their default size add ${fixedMb.toFixed(1)} MiB in all`);
const sp = speed();
console.log(`speed: ${sp.spansPerSec} spans/s of CPU time (${sp.nsPerSpan} ns/span, add + drain); wall: ${sp.wallSpansPerSec} spans/s`);
console.log(`RESULT ${JSON.stringify({ series: mem.series, bytesPerSeries: mem.bytesPerSeries, denseBytesPerSeries: dense.bytesPerSeries, fixedMapsMiB: Number(fixedMb.toFixed(1)), ...sp })}`);
