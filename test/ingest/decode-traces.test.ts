import { describe, expect, it } from 'vitest';
import { opentelemetry } from '../../src/ingest/otlp/generated/otlp.js';
import { decodeTraces } from '../../src/ingest/otlp/decode-traces.js';
import { isAiopsError } from '../../src/core/errors.js';
import { buildTraceRequestObject } from '../../bench/lib/otlp-payloads.js';
import { toOtlpJson } from '../helpers/otlp-json.js';

const { ExportTraceServiceRequest } = opentelemetry.proto.collector.trace.v1;
type Req = opentelemetry.proto.collector.trace.v1.IExportTraceServiceRequest;
type Span = opentelemetry.proto.trace.v1.ISpan;

const NOW = Date.UTC(2026, 0, 1, 12);
const opts = { nowMs: NOW, maxFutureSkewMs: 600_000 };
const encode = (r: Req) => ExportTraceServiceRequest.encode(r).finish();
const str = (stringValue: string) => ({ stringValue });
const hex = (h: string) => Buffer.from(h, 'hex');
/** Exact 64-bit nanoseconds as a decimal string (the protobufjs writer accepts it; the --force-number typings say number). */
const ns = (ms: number) => String(BigInt(ms) * 1_000_000n) as unknown as number;

function span(over: Partial<Span> = {}): Span {
  return {
    traceId: hex('0af7651916cd43dd8448eb211c80319c'), spanId: hex('b7ad6b7169203331'), name: 'GET /cart', kind: 2,
    startTimeUnixNano: ns(NOW - 1000), endTimeUnixNano: ns(NOW - 900),
    ...over,
  };
}
function request(service: string | undefined, spans: Span[]): Req {
  const attributes = service === undefined ? [{ key: 'host.name', value: str('h1') }] : [{ key: 'service.name', value: str(service) }];
  return { resourceSpans: [{ resource: { attributes }, scopeSpans: [{ spans }] }] };
}

describe('decodeTraces', () => {
  it('decodes 64-bit nanosecond timestamps to numeric milliseconds without Long objects', () => {
    const body = encode(request('cart', [span({ startTimeUnixNano: '1767225600123456789' as unknown as number, endTimeUnixNano: '1767225600223456789' as unknown as number })]));
    const { spans } = decodeTraces(body, 'protobuf', { nowMs: 1767225600000, maxFutureSkewMs: 600_000 });
    expect(spans).toHaveLength(1);
    expect(typeof spans[0].startMs).toBe('number');
    expect(spans[0].startMs).toBeCloseTo(1767225600123.4568, 3);
    expect(spans[0].endMs - spans[0].startMs).toBeCloseTo(100, 3);
    expect(new Date(spans[0].startMs).toISOString()).toBe('2026-01-01T00:00:00.123Z');
  });

  it('maps ids, kind, status and the selected attributes with their fallbacks', () => {
    const req = request('checkout', [
      span({
        parentSpanId: hex('00f067aa0ba902b7'), kind: 3, status: { code: 2 },
        attributes: [
          { key: 'peer.service', value: str('payments') },
          { key: 'net.peer.name', value: str('payments.old') },
          { key: 'db.system', value: str('postgresql') },
          { key: 'db.system.name', value: str('postgresql-new') },
          { key: 'db.name', value: str('orders') },
          { key: 'rpc.service', value: str('Payments') },
          { key: 'http.status_code', value: { intValue: 503 } },
        ],
      }),
    ]);
    req.resourceSpans![0].resource!.attributes!.push({ key: 'service.version', value: str('2.1.0') });
    const [s] = decodeTraces(encode(req), 'protobuf', opts).spans;
    expect(s).toMatchObject({
      traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', parentSpanId: '00f067aa0ba902b7',
      service: 'checkout', serviceVersion: '2.1.0', name: 'GET /cart', kind: 3, statusCode: 2,
      peerService: 'payments', serverAddress: 'payments.old', dbSystem: 'postgresql-new', dbName: 'orders',
      rpcService: 'Payments', httpStatus: 503,
    });
    const newer = decodeTraces(encode(request('c', [span({ attributes: [
      { key: 'server.address', value: str('pay.svc') }, { key: 'net.peer.name', value: str('old') },
      { key: 'db.namespace', value: str('ns') }, { key: 'db.name', value: str('old') },
      { key: 'http.response.status_code', value: { intValue: 201 } }, { key: 'http.status_code', value: { intValue: 500 } },
    ] })])), 'protobuf', opts).spans[0];
    expect(newer).toMatchObject({ serverAddress: 'pay.svc', dbName: 'ns', httpStatus: 201, parentSpanId: '' });
  });

  it('yields identical records from protobuf and from OTLP JSON of the same request', () => {
    const obj = buildTraceRequestObject({ spans: 150, startMs: NOW - 60_000, seed: 7 });
    const fromProto = decodeTraces(encode(obj), 'protobuf', opts);
    const json = toOtlpJson(obj) as object;
    expect(JSON.stringify(json)).toMatch(/"traceId":"[0-9a-f]{32}"/);
    expect(JSON.stringify(json)).toMatch(/"startTimeUnixNano":"\d+"/);
    const fromJsonBytes = decodeTraces(Buffer.from(JSON.stringify(json)), 'json', opts);
    const fromJsonObject = decodeTraces(json, 'json', opts);
    expect(fromProto.spans).toHaveLength(150);
    expect(fromJsonBytes.spans).toEqual(fromProto.spans);
    expect(fromJsonObject.spans).toEqual(fromProto.spans);
  });

  it('accepts JSON numbers for 64-bit fields, upper-case hex ids and enum names', () => {
    const json = {
      resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] }, scopeSpans: [{ spans: [{
        traceId: '0AF7651916CD43DD8448EB211C80319C', spanId: 'B7AD6B7169203331', name: 'x', kind: 'SPAN_KIND_CLIENT',
        startTimeUnixNano: (NOW - 10) * 1e6, endTimeUnixNano: (NOW - 5) * 1e6, status: { code: 'STATUS_CODE_ERROR' },
      }] }] }],
    };
    const [s] = decodeTraces(json, 'json', opts).spans;
    expect(s).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', kind: 3, statusCode: 2, startMs: NOW - 10, endMs: NOW - 5 });
  });

  it('drops invalid spans one by one, keeps the good ones and counts reasons', () => {
    const req: Req = {
      resourceSpans: [
        ...request(undefined, [span(), span()]).resourceSpans!,
        ...request('', [span()]).resourceSpans!,
        ...request('cart', [
          span({ name: 'good-1' }),
          span({ traceId: hex('00000000000000000000000000000000') }),
          span({ spanId: hex('b7ad6b71692033') }),
          span({ parentSpanId: hex('01') }),
          span({ startTimeUnixNano: ns(NOW + 3_600_000), endTimeUnixNano: ns(NOW + 3_600_001) }),
          span({ endTimeUnixNano: ns(NOW - 2000) }),
          span({ startTimeUnixNano: 0 }),
          span({ name: 'good-2', startTimeUnixNano: ns(NOW + 60_000), endTimeUnixNano: ns(NOW + 60_001) }),
        ]).resourceSpans!,
      ],
    };
    for (const [body, format] of [[encode(req), 'protobuf'], [toOtlpJson(req) as object, 'json']] as const) {
      const r = decodeTraces(body, format, opts);
      expect(r.spans.map((s) => s.name)).toEqual(['good-1', 'good-2']);
      expect(r.rejected).toBe(9);
      expect(r.reasons).toEqual({ missing_service_name: 3, invalid_id: 3, future_timestamp: 1, invalid_timestamp: 2 });
      expect(r.errorMessage).toBe('rejected 9 spans: future_timestamp=1, invalid_id=3, invalid_timestamp=2, missing_service_name=3');
    }
  });

  it('rejects a JSON id that is not hex, such as base64', () => {
    const json = toOtlpJson(request('cart', [span()])) as { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] };
    json.resourceSpans[0].scopeSpans[0].spans[0].traceId = Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex').toString('base64');
    expect(decodeTraces(json, 'json', opts)).toMatchObject({ rejected: 1, reasons: { invalid_id: 1 } });
  });

  it('throws a coded BAD_PAYLOAD error for bodies that cannot be read', () => {
    const bad: [Uint8Array | object, 'protobuf' | 'json'][] = [
      [Buffer.from([0x0a, 0xff, 0xff, 0x01]), 'protobuf'],
      [Buffer.from('{"resourceSpans":[{'), 'json'],
      [Buffer.from('[1,2]'), 'json'],
      [{ resourceSpans: 'nope' }, 'json'],
      [{ resourceSpans: [null] }, 'json'],
    ];
    for (const [body, format] of bad) {
      let caught: unknown;
      try {
        decodeTraces(body, format, opts);
      } catch (e) {
        caught = e;
      }
      expect(isAiopsError(caught) && caught.code, `${format} ${String(body)}`).toBe('INGEST.BAD_PAYLOAD');
    }
  });

  it('treats an empty request as success with nothing in it', () => {
    expect(decodeTraces(new Uint8Array(0), 'protobuf', opts)).toMatchObject({ spans: [], rejected: 0 });
    expect(decodeTraces(Buffer.from('{}'), 'json', opts)).toMatchObject({ spans: [], rejected: 0 });
  });
});
