import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createIngestQueue } from '../../src/ingest/ingest-queue.js';
import { createOtlpHttpReceiver } from '../../src/ingest/otlp-http-receiver.js';
import { google, opentelemetry } from '../../src/ingest/otlp/generated/otlp.js';
import { createMetrics } from '../../src/obs/metrics.js';
import { silentLogger } from '../../src/obs/logger.js';
import { buildTraceRequest, buildTraceRequestObject } from '../../bench/lib/otlp-payloads.js';
import { createSinkStage } from '../helpers/sink-stage.js';
import { toOtlpJson } from '../helpers/otlp-json.js';

const NOW = Date.UTC(2026, 0, 1, 12);
const PB = 'application/x-protobuf';
const { ExportTraceServiceRequest, ExportTraceServiceResponse } = opentelemetry.proto.collector.trace.v1;
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

async function setup(opts: { maxItems?: number; maxBodyBytes?: number } = {}) {
  const sink = createSinkStage();
  const metrics = createMetrics();
  const queue = createIngestQueue({ maxItems: opts.maxItems ?? 100_000, sink, metrics, logger: silentLogger });
  const receiver = createOtlpHttpReceiver(
    { host: '127.0.0.1', port: 0, maxBodyBytes: opts.maxBodyBytes ?? 64 * 1024, maxFutureSkewMs: 600_000 },
    { queue, metrics, logger: silentLogger, clock: { now: () => NOW } },
  );
  await queue.start();
  await receiver.start();
  stops.push(async () => {
    sink.release();
    await receiver.stop();
    await queue.stop();
  });
  const url = (path: string) => `http://127.0.0.1:${receiver.port()}${path}`;
  const post = (path: string, body: Uint8Array | string, headers: Record<string, string>) =>
    fetch(url(path), { method: 'POST', body, headers }).then(async (r) => ({ status: r.status, headers: r.headers, body: Buffer.from(await r.arrayBuffer()) }));
  const counters = async () => (await metrics.registry.metrics()).split('\n');
  return { sink, metrics, queue, receiver, url, post, counters };
}

const traces = (spans = 100, seed = 1) => buildTraceRequest({ spans, startMs: NOW - 60_000, seed });

describe('OTLP/HTTP receiver', () => {
  it('accepts protobuf, JSON (with charset) and gzip, answers an empty Export response and counts received spans', async () => {
    const { post, sink, counters } = await setup();
    const pb = await post('/v1/traces', traces(100, 1), { 'content-type': PB });
    expect(pb.status).toBe(200);
    expect(pb.headers.get('content-type')).toBe(PB);
    expect(ExportTraceServiceResponse.decode(pb.body).partialSuccess).toBeFalsy();

    const json = JSON.stringify(toOtlpJson(buildTraceRequestObject({ spans: 10, startMs: NOW - 60_000, seed: 2 })));
    const js = await post('/v1/traces', json, { 'content-type': 'application/json; charset=utf-8' });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(js.body.toString())).toEqual({});

    const gz = await post('/v1/traces', gzipSync(traces(20, 3)), { 'content-type': PB, 'content-encoding': 'gzip' });
    expect(gz.status).toBe(200);

    await sink.waitFor((s) => s.spans().length === 130);
    expect(sink.batches.every((b) => b.source === 'otlp-http')).toBe(true);
    expect(new Set(sink.spans().map((s) => s.service))).toEqual(new Set(['frontend', 'checkout', 'payments', 'inventory', 'shipping']));
    expect(await counters()).toContain('aiops_received_total{signal="spans",source="otlp-http"} 130');
  });

  it('answers a partial success with the rejected count, in the request encoding, and delivers the good spans', async () => {
    const { post, sink, counters } = await setup();
    const req = buildTraceRequestObject({ spans: 10, startMs: NOW - 60_000, services: ['cart'] });
    const spans = req.resourceSpans![0].scopeSpans![0].spans!;
    spans[0].traceId = Buffer.alloc(16);
    spans[1].spanId = Buffer.from('abcd', 'hex');
    spans[2].startTimeUnixNano = (NOW + 3_600_000) * 1e6;
    spans[2].endTimeUnixNano = (NOW + 3_600_001) * 1e6;
    req.resourceSpans!.push({ resource: { attributes: [] }, scopeSpans: [{ spans: buildTraceRequestObject({ spans: 2, startMs: NOW - 1000, services: ['x'] }).resourceSpans![0].scopeSpans![0].spans }] });

    const pb = await post('/v1/traces', ExportTraceServiceRequest.encode(req).finish(), { 'content-type': PB });
    expect(pb.status).toBe(200);
    const partial = ExportTraceServiceResponse.decode(pb.body).partialSuccess!;
    expect(Number(partial.rejectedSpans)).toBe(5);
    expect(partial.errorMessage).toBe('rejected 5 spans: future_timestamp=1, invalid_id=2, missing_service_name=2');

    const js = await post('/v1/traces', JSON.stringify(toOtlpJson(req)), { 'content-type': 'application/json' });
    expect(js.status).toBe(200);
    expect(JSON.parse(js.body.toString())).toEqual({ partialSuccess: { rejectedSpans: '5', errorMessage: partial.errorMessage } });

    await sink.waitFor((s) => s.spans().length === 14);
    expect(sink.spans().every((s) => s.service === 'cart')).toBe(true);
    const lines = await counters();
    expect(lines).toContain('aiops_rejected_total{signal="spans",reason="invalid_id"} 4');
    expect(lines).toContain('aiops_rejected_total{signal="spans",reason="missing_service_name"} 4');
    expect(lines).toContain('aiops_rejected_total{signal="spans",reason="future_timestamp"} 2');
    expect(lines).toContain('aiops_received_total{signal="spans",source="otlp-http"} 14');
  });

  it('answers 400 with a google.rpc.Status for malformed protobuf and JSON, encoded like the request', async () => {
    const { post, counters, sink } = await setup();
    const pb = await post('/v1/metrics', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), { 'content-type': PB });
    expect(pb.status).toBe(400);
    expect(pb.headers.get('content-type')).toBe(PB);
    const status = google.rpc.Status.decode(pb.body);
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/malformed protobuf/);

    const js = await post('/v1/logs', '{"resourceLogs": [', { 'content-type': 'application/json' });
    expect(js.status).toBe(400);
    expect(JSON.parse(js.body.toString())).toMatchObject({ code: 3, message: expect.stringMatching(/malformed JSON/) });

    const gz = await post('/v1/traces', Buffer.from('not gzip at all'), { 'content-type': PB, 'content-encoding': 'gzip' });
    expect(gz.status).toBe(400);
    const lines = await counters();
    expect(lines).toContain('aiops_rejected_total{signal="metrics",reason="bad_payload"} 1');
    expect(lines).toContain('aiops_rejected_total{signal="logs",reason="bad_payload"} 1');
    expect(lines).toContain('aiops_rejected_total{signal="spans",reason="bad_encoding"} 1');
    expect(sink.batches).toHaveLength(0);
  });

  it('answers 415 for other content types and encodings, 404 for other paths and 405 for other methods', async () => {
    const { post, url, counters } = await setup();
    expect((await post('/v1/traces', 'x', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post('/v1/traces', traces(1), { 'content-type': PB, 'content-encoding': 'br' })).status).toBe(415);
    expect((await post('/v1/spans', traces(1), { 'content-type': PB })).status).toBe(404);
    const get = await fetch(url('/v1/traces'));
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(await counters()).toContain('aiops_rejected_total{signal="spans",reason="unsupported_media_type"} 1');
  });

  it('answers 413 for a body over the limit, declared or streamed, and for a gzip bomb', async () => {
    const { post, receiver, counters } = await setup({ maxBodyBytes: 64 * 1024 });
    const big = traces(400);
    expect(big.byteLength).toBeGreaterThan(64 * 1024);
    expect((await post('/v1/traces', big, { 'content-type': PB })).status).toBe(413);

    const streamed = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: receiver.port(), path: '/v1/traces', method: 'POST', headers: { 'content-type': PB, 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write(Buffer.alloc(8 * 1024, 1));
      req.end();
    });
    expect(streamed).toBe(413);

    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    const b = await post('/v1/traces', bomb, { 'content-type': PB, 'content-encoding': 'gzip' });
    expect(b.status).toBe(413);
    expect(google.rpc.Status.decode(b.body).message).toMatch(/exceeds 65536 bytes/);
    expect(await counters()).toContain('aiops_rejected_total{signal="spans",reason="too_large"} 3');
  });

  it('answers 429 with Retry-After when the queue is full and 503 when it is closed', async () => {
    const { post, sink, queue, counters } = await setup({ maxItems: 150 });
    sink.hold();
    expect((await post('/v1/traces', traces(100, 1), { 'content-type': PB })).status).toBe(200);
    const full = await post('/v1/traces', traces(100, 2), { 'content-type': PB });
    expect(full.status).toBe(429);
    expect(full.headers.get('retry-after')).toBe('1');
    expect(google.rpc.Status.decode(full.body).code).toBe(8);
    const lines = await counters();
    expect(lines).toContain('aiops_ingest_backpressure_total 1');
    expect(lines).toContain('aiops_rejected_total{signal="spans",reason="queue_full"} 100');
    expect(lines).toContain('aiops_ingest_queue_depth 100');

    sink.release();
    await queue.stop();
    const closed = await post('/v1/traces', traces(10, 3), { 'content-type': PB });
    expect(closed.status).toBe(503);
    expect(Number(closed.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(sink.spans()).toHaveLength(100);
  });

  it('offers the same handling in-process through handle()', async () => {
    const { receiver, sink } = await setup();
    const r = await receiver.handle('traces', traces(5), PB);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(PB);
    expect((await receiver.handle('logs', Buffer.from('{'), 'application/json')).status).toBe(400);
    expect((await receiver.handle('metrics', Buffer.from('{}'), 'text/csv')).status).toBe(415);
    await sink.waitFor((s) => s.spans().length === 5);
  });
});
