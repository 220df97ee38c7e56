import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { opentelemetry } from '../../src/ingest/otlp/generated/otlp.js';
import { retryAfterMs, sendBatch } from '../../src/sim/otlp-sender.js';
import { createSimulation } from '../../src/sim/simulation.js';
import { START } from './sim-helpers.js';

interface Recorded { url: string; headers: IncomingHttpHeaders; body: Buffer; at: number }
type Reply = (req: Recorded, n: number) => { status: number; headers?: Record<string, string>; body?: Uint8Array | string };

let server: Server | undefined;

async function listen(reply: Reply): Promise<{ url: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec = { url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), at: Date.now() };
      requests.push(rec);
      const r = reply(rec, requests.length);
      res.writeHead(r.status, r.headers ?? {});
      res.end(r.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, requests };
}

/** fetch keeps connections alive; close them so close() does not wait for their idle timeout. */
async function stop(): Promise<void> {
  const s = server;
  server = undefined;
  if (!s) return;
  s.closeAllConnections();
  await new Promise((resolve) => s.close(resolve));
}

afterEach(stop);

const batch = createSimulation({ seed: 2, startMs: START }).minute(0);
const { collector } = opentelemetry.proto;

describe('sendBatch', () => {
  it('posts traces, metrics and logs as protobuf with the OTLP content type', async () => {
    const { url, requests } = await listen(() => ({ status: 200 }));
    const res = await sendBatch(url, batch);
    expect(res).toEqual({ status: 200, rejected: 0, retries: 0 });
    expect(requests.map((r) => r.url)).toEqual(['/v1/traces', '/v1/metrics', '/v1/logs']);
    for (const r of requests) expect(r.headers['content-type']).toBe('application/x-protobuf');
    const traces = collector.trace.v1.ExportTraceServiceRequest.decode(requests[0].body);
    expect(traces.resourceSpans.flatMap((rs) => rs.scopeSpans![0].spans)).toHaveLength(batch.spans.length);
  });

  it('sends gzip-compressed JSON and splits spans into requests of maxSpansPerRequest', async () => {
    const { url, requests } = await listen(() => ({ status: 200 }));
    await sendBatch(`${url}/`, batch, { format: 'json', gzip: true, maxSpansPerRequest: 500 });
    const traces = requests.filter((r) => r.url === '/v1/traces');
    expect(traces).toHaveLength(Math.ceil(batch.spans.length / 500));
    let total = 0;
    for (const r of requests) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['content-encoding']).toBe('gzip');
      const doc = JSON.parse(gunzipSync(r.body).toString('utf8'));
      if (r.url === '/v1/traces') total += doc.resourceSpans.reduce((n: number, rs: { scopeSpans: { spans: unknown[] }[] }) => n + rs.scopeSpans![0].spans.length, 0);
    }
    expect(total).toBe(batch.spans.length);
  });

  it('waits for Retry-After after a 429 and then succeeds', async () => {
    const { url, requests } = await listen((_r, n) => (n === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }));
    const res = await sendBatch(url, { ...batch, metrics: [], logs: [] });
    expect(res).toEqual({ status: 200, rejected: 0, retries: 1 });
    expect(requests).toHaveLength(2);
    expect(requests[1].body.equals(requests[0].body)).toBe(true);
    expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(950);
  });

  it('gives up after maxRetries on 503 and reports the status', async () => {
    const { url, requests } = await listen(() => ({ status: 503, headers: { 'retry-after': '0' } }));
    const res = await sendBatch(url, { ...batch, metrics: [], logs: [] }, { maxRetries: 2 });
    expect(res).toEqual({ status: 503, rejected: 0, retries: 2 });
    expect(requests).toHaveLength(3);
  });

  it('does not retry a 400 and counts partial-success rejections', async () => {
    const partial = collector.metrics.v1.ExportMetricsServiceResponse.encode({ partialSuccess: { rejectedDataPoints: 3, errorMessage: 'bad points' } }).finish();
    const { url, requests } = await listen((r) => (r.url === '/v1/traces' ? { status: 400 }
      : r.url === '/v1/metrics' ? { status: 200, headers: { 'content-type': 'application/x-protobuf' }, body: partial }
        : { status: 200, headers: { 'content-type': 'application/json' }, body: '{"partialSuccess":{"rejectedLogRecords":"2"}}' }));
    const res = await sendBatch(url, batch);
    expect(res).toEqual({ status: 400, rejected: 5, retries: 0 });
    expect(requests).toHaveLength(3);
  });

  it('throws a coded error when the endpoint is unreachable', async () => {
    const { url } = await listen(() => ({ status: 200 }));
    await stop();
    await expect(sendBatch(url, batch, { maxRetries: 1, maxBackoffMs: 10 })).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
