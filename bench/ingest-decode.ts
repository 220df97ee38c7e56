/**
 * OTLP trace decode throughput on one core: the generated protobufjs `decode` alone, and decode + map to
 * SpanRecord (what the receiver does per request, validation included). Payloads come from
 * bench/lib/otlp-payloads.ts: 100 spans per request, 4 attributes per span, 5 services.
 * Run: npx tsx bench/ingest-decode.ts [--seconds N]
 */
import { opentelemetry } from '../src/ingest/otlp/generated/otlp.js';
import { numberReader } from '../src/ingest/otlp/number-reader.js';
import { decodeTraces } from '../src/ingest/otlp/decode-traces.js';
import { buildTraceRequest } from './lib/otlp-payloads.js';

const { ExportTraceServiceRequest } = opentelemetry.proto.collector.trace.v1;
const SPANS_PER_REQUEST = 100;
const secArg = process.argv.indexOf('--seconds');
const seconds = secArg > 0 ? Number(process.argv[secArg + 1]) : 3;

const requests = Array.from({ length: 64 }, (_, i) => Buffer.from(buildTraceRequest({ spans: SPANS_PER_REQUEST, seed: i + 1 })));
const bytesPerSpan = requests.reduce((a, r) => a + r.length, 0) / (requests.length * SPANS_PER_REQUEST);
const opts = { nowMs: Date.UTC(2026, 0, 2), maxFutureSkewMs: 600_000 };

type Variant = { label: string; fn: (b: Buffer) => number; ms: number; spans: number };

/**
 * Runs the variants interleaved in short rounds for `seconds` (after a warm-up), so that noise from
 * other processes on a shared machine hits all of them alike, and returns spans per second of each.
 */
function measure(variants: Variant[]): void {
  let sink = 0;
  const warmEnd = performance.now() + 500;
  for (let i = 0; performance.now() < warmEnd; i++) for (const v of variants) sink += v.fn(requests[i % requests.length]);
  const end = performance.now() + seconds * 1000;
  let i = 0;
  while (performance.now() < end) {
    for (const v of variants) {
      const t0 = performance.now();
      for (let k = 0; k < 16; k++) v.spans += v.fn(requests[(i + k) % requests.length]);
      v.ms += performance.now() - t0;
    }
    i += 16;
  }
  if (sink < 0) console.log('unreachable');
}

const rate = (v: Variant) => v.spans / (v.ms / 1000);
const variants: Variant[] = [
  { label: 'decode only (default Long reader)', fn: (b) => (ExportTraceServiceRequest.decode(b).resourceSpans.length, SPANS_PER_REQUEST), ms: 0, spans: 0 },
  { label: 'decode only (number reader)', fn: (b) => (ExportTraceServiceRequest.decode(numberReader(b)).resourceSpans.length, SPANS_PER_REQUEST), ms: 0, spans: 0 },
  { label: 'decode + map to SpanRecord', fn: (b) => decodeTraces(b, 'protobuf', opts).spans.length, ms: 0, spans: 0 },
];
console.log(`payload: ${requests.length} requests × ${SPANS_PER_REQUEST} spans, ${bytesPerSpan.toFixed(1)} bytes/span, node ${process.version}`);
measure(variants);
for (const v of variants) {
  const r = rate(v);
  console.log(`${v.label.padEnd(34)} ${Math.round(r).toLocaleString('en-US').padStart(12)} spans/s  (${Math.round(1e9 / r)} ns/span)`);
}
const [decodeLong, decodeOnly, decodeMap] = variants.map(rate);
console.log(`RESULT ${JSON.stringify({
  cores: 1,
  spansPerRequest: SPANS_PER_REQUEST,
  bytesPerSpan: Math.round(bytesPerSpan),
  decodeOnlyLongSpansPerSec: Math.round(decodeLong),
  decodeOnlySpansPerSec: Math.round(decodeOnly),
  decodeMapSpansPerSec: Math.round(decodeMap),
})}`);
