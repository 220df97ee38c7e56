/**
 * OTLP/gRPC messages compressed the way the Collector's otlp exporter may send them (`grpc-encoding: snappy`, the
 * snappy framing format) reach the handler (src/ingest/grpc/grpc-codecs.ts); grpc-js alone answered UNIMPLEMENTED.
 * Raw HTTP/2 calls, so the test chooses the encoding header and the message bytes itself. A broken snappy message
 * is INTERNAL and an encoding nobody decodes stays UNIMPLEMENTED, as grpc-js answers them. The Collector itself
 * sending snappy is collector-otlpgrpc.test.ts.
 */
import { connect } from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { status as Code } from '@grpc/grpc-js';
import { createIngestQueue } from '../../src/ingest/ingest-queue.js';
import { createOtlpGrpcReceiver } from '../../src/ingest/grpc/otlp-grpc-receiver.js';
import { systemClock } from '../../src/core/ports.js';
import { createMetrics } from '../../src/obs/metrics.js';
import { silentLogger } from '../../src/obs/logger.js';
import { encodeTraces } from '../../src/sim/otlp-encode.js';
import type { SpanRecord } from '../../src/core/telemetry.js';
import { createSinkStage } from '../helpers/sink-stage.js';

const sink = createSinkStage();
const metrics = createMetrics();
const queue = createIngestQueue({ maxItems: 100, sink, metrics, logger: silentLogger });
const receiver = createOtlpGrpcReceiver({ host: '127.0.0.1', port: 0, maxBodyBytes: 1 << 20, maxFutureSkewMs: 600_000 }, { queue, metrics, logger: silentLogger, clock: systemClock });

beforeAll(async () => {
  await queue.start();
  await receiver.start();
});
afterAll(async () => {
  sink.release();
  await receiver.stop();
  await queue.stop();
});

/** The snappy framing format with one uncompressed (0x01) chunk; CRCs are left zero (not checked, by design). */
function snappyFramedStored(data: Uint8Array): Buffer {
  const id = Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]);
  const header = Buffer.alloc(8);
  header[0] = 0x01;
  header.writeUIntLE(data.length + 4, 1, 3);
  return Buffer.concat([id, header, data]);
}

/** One unary Export call with a compressed message; resolves with its grpc-status. */
function call(encoding: string, message: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const session = connect(`http://127.0.0.1:${receiver.port()}`);
    session.on('error', reject);
    const req = session.request({
      ':method': 'POST', ':path': '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
      'content-type': 'application/grpc', te: 'trailers', 'grpc-encoding': encoding,
    });
    let status: number | undefined;
    const take = (h: Record<string, unknown>) => {
      if (h['grpc-status'] !== undefined) status = Number(h['grpc-status']);
    };
    req.on('response', take);
    req.on('trailers', take);
    req.on('data', () => undefined);
    req.on('end', () => {
      session.close();
      if (status === undefined) reject(new Error('no grpc-status'));
      else resolve(status);
    });
    req.on('error', reject);
    const prefix = Buffer.alloc(5);
    prefix[0] = 1; // compressed
    prefix.writeUInt32BE(message.length, 1);
    req.end(Buffer.concat([prefix, message]));
  });
}

const span = (id: string): SpanRecord => ({
  traceId: '0af7651916cd43dd8448eb211c80319c', spanId: id, parentSpanId: '', service: 'grpc-snappy', name: 'GET /x', kind: 2,
  startMs: Date.now() - 20, endMs: Date.now(), statusCode: 0, attributes: {},
} as SpanRecord);

describe('OTLP/gRPC message compressions grpc-js does not decode', () => {
  it('a snappy (framing format) message is decoded and its spans delivered', async () => {
    expect(await call('snappy', snappyFramedStored(encodeTraces([span('b7ad6b7169203331')], 'protobuf')))).toBe(Code.OK);
    await sink.waitFor((s) => s.spans().some((x) => x.spanId === 'b7ad6b7169203331'));
  });

  it('a broken snappy message is INTERNAL, an encoding nobody decodes stays UNIMPLEMENTED', async () => {
    expect(await call('snappy', Buffer.from('not snappy at all'))).toBe(Code.INTERNAL);
    expect(await call('br', Buffer.from('whatever'))).toBe(Code.UNIMPLEMENTED);
  });
});
