/**
 * bench/overload: drives `aiops serve`'s OTLP/HTTP receiver (loopback, PGlite store) first closed-loop to find the
 * rate it sustains (every request acknowledged, 2 in flight), then open-loop at --factor (10) times that rate for
 * --seconds, bounded in flight and in total requests. Reports status counts (only 200/429/503 are allowed), the
 * server's RSS before, at peak and after, and whether every accepted span is in a closed window: each span is a
 * root SERVER span with unique ids, so accepted spans must equal the stored `requests` once a graceful stop has
 * closed every window. Prints `RESULT {json}` last.
 * Run: npx tsx bench/overload/index.ts [--seconds 20] [--factor 10] [--spans 200]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { opentelemetry } from '../../src/ingest/otlp/generated/otlp.js';
import { createPgliteClient } from '../../src/stores/pglite-client.js';
import { freePort } from '../../scripts/start-postgres.mjs';
import { TOKENS, writeTokensFile } from '../../test/helpers/api-auth.js';

const { values } = parseArgs({ options: { seconds: { type: 'string' }, factor: { type: 'string' }, spans: { type: 'string' }, 'max-in-flight': { type: 'string' } } });
const SECONDS = Number(values.seconds ?? 20);
const FACTOR = Number(values.factor ?? 10);
const SPANS = Number(values.spans ?? 200);
const MAX_IN_FLIGHT = Number(values['max-in-flight'] ?? 256);
const SERVICES = ['frontend', 'checkout', 'payments', 'inventory', 'shipping'];
const { ExportTraceServiceRequest } = opentelemetry.proto.collector.trace.v1;

/** One request of SPANS root server spans, unique ids, timed now (so the windows are current). */
function payload(): Uint8Array {
  const now = BigInt(Date.now()) * 1_000_000n;
  const per = Math.ceil(SPANS / SERVICES.length);
  return ExportTraceServiceRequest.encode({
    resourceSpans: SERVICES.map((service) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [{ spans: Array.from({ length: per }, () => ({ traceId: randomBytes(16), spanId: randomBytes(8), name: 'GET /api', kind: 2, startTimeUnixNano: String(now), endTimeUnixNano: String(now + 2_000_000n), status: { code: 1 } })) }],
    })),
  } as unknown as opentelemetry.proto.collector.trace.v1.IExportTraceServiceRequest).finish();
}
const spansPerRequest = Math.ceil(SPANS / SERVICES.length) * SERVICES.length;

const dataDir = mkdtempSync(join(tmpdir(), 'aiops-overload-'));
const otlpPort = await freePort();
const env = { ...process.env, AIOPS_DATA_DIR: dataDir, DATABASE_URL: '', AIOPS_OTLP_PORT: String(otlpPort), AIOPS_HTTP_PORT: String(await freePort()), AIOPS_LOG_LEVEL: 'error', NEO4J_URI: '', AIOPS_API_TOKENS_FILE: writeTokensFile([TOKENS.reader]) };
const child = spawn(process.execPath, [...(process.env.OVERLOAD_NODE_ARGS ?? '').split(' ').filter(Boolean), 'bin/aiops.js', 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
const rssMb = () => {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
};
const endpoint = `http://127.0.0.1:${otlpPort}/v1/traces`;
for (let i = 0; ; i++) {
  if (i > 600) throw new Error('aiops serve did not become ready');
  if (await fetch(`http://127.0.0.1:${env.AIOPS_HTTP_PORT}/readyz`).then((r) => r.ok, () => false)) break;
  await new Promise((r) => setTimeout(r, 200));
}

const statuses: Record<string, number> = {};
/** Why a request got no HTTP answer (undici's cause code), so a refused or reset connection is visible. */
const networkErrors: Record<string, number> = {};
let acceptedSpans = 0;
async function post(): Promise<void> {
  let status = 'network_error';
  const began = Date.now();
  try {
    const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: payload() });
    status = String(res.status);
    const body = new Uint8Array(await res.arrayBuffer());
    if (res.status === 200) {
      const partial = opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse.decode(body).partialSuccess;
      acceptedSpans += spansPerRequest - Number(partial?.rejectedSpans ?? 0);
    }
  } catch (e) {
    const cause = (e as { cause?: { code?: string; name?: string } }).cause;
    const why = cause?.code ?? cause?.name ?? (e as Error).name;
    networkErrors[why] = (networkErrors[why] ?? 0) + 1;
    if (networkErrors[why] <= 3) process.stderr.write(`overload: no answer after ${Date.now() - began} ms: ${why} ${(e as { cause?: Error }).cause?.message ?? ''} ${JSON.stringify((e as { cause?: { socket?: unknown } }).cause?.socket ?? {})}\n`);
  }
  statuses[status] = (statuses[status] ?? 0) + 1;
}

// 1. Sustainable rate: closed loop, two requests in flight, 8 s.
await new Promise((r) => setTimeout(r, 2_000));
const rssBefore = rssMb();
const warmEnd = Date.now() + 8_000;
let warmRequests = 0;
await Promise.all([0, 1].map(async () => {
  while (Date.now() < warmEnd) {
    await post();
    warmRequests++;
  }
}));
const sustainedSpansPerS = (warmRequests * spansPerRequest) / 8;
process.stderr.write(`overload: sustained ${Math.round(sustainedSpansPerS)} spans/s (${warmRequests} requests in 8 s)\n`);

// 2. Overload: open loop at FACTOR × that rate, bounded in flight and in total.
const targetPerS = (sustainedSpansPerS * FACTOR) / spansPerRequest;
const total = Math.ceil(targetPerS * SECONDS);
let peakRss = rssBefore;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb())), 100);
const overloadStart = Date.now();
let inFlight = 0;
let sent = 0;
let skipped = 0;
const pending = new Set<Promise<void>>();
while (sent + skipped < total) {
  const due = overloadStart + ((sent + skipped) * 1000) / targetPerS;
  const wait = due - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  if (inFlight >= MAX_IN_FLIGHT) {
    skipped++; // the client's own bound: it does not queue without limit either
    continue;
  }
  inFlight++;
  sent++;
  const p: Promise<void> = post().finally(() => {
    inFlight--;
    pending.delete(p);
  });
  pending.add(p);
}
await Promise.all(pending);
const overloadSeconds = (Date.now() - overloadStart) / 1000;
await new Promise((r) => setTimeout(r, 5_000));
clearInterval(sampler);
const rssAfter = rssMb();

// 3. Graceful stop closes every open window; then count what was stored.
process.stderr.write(`overload: ${sent} requests in ${overloadSeconds} s; stopping the server\n`);
child.kill('SIGTERM');
const exitCode = await exited;
process.stderr.write(`overload: server exited (${exitCode})\n`);
const db = await createPgliteClient(join(dataDir, 'pglite'));
const { rows } = await db.query<{ n: string | number | null }>(`SELECT sum(requests) AS n FROM feature_windows WHERE resolution = '1m' AND operation = ''`);
await db.close();
rmSync(dataDir, { recursive: true, force: true });
const storedSpans = Number(rows[0]?.n ?? 0);
const allowed = Object.keys(statuses).every((s) => ['200', '429', '503'].includes(s));

console.log(`RESULT ${JSON.stringify({
  sustainedSpansPerS: Math.round(sustainedSpansPerS), factor: FACTOR, targetSpansPerS: Math.round(targetPerS * spansPerRequest), overloadSeconds,
  requestsSent: sent + warmRequests, clientSkipped: skipped, statuses, networkErrors, onlyAllowedStatuses: allowed,
  rssMb: { before: rssBefore, peak: peakRss, after: rssAfter }, acceptedSpans, storedSpans, allAccounted: acceptedSpans === storedSpans, serverExit: exitCode,
})}`);
