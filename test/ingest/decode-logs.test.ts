import { describe, expect, it } from 'vitest';
import { opentelemetry } from '../../src/ingest/otlp/generated/otlp.js';
import { decodeLogs } from '../../src/ingest/otlp/decode-logs.js';
import { toOtlpJson } from '../helpers/otlp-json.js';

const { ExportLogsServiceRequest } = opentelemetry.proto.collector.logs.v1;
type Req = opentelemetry.proto.collector.logs.v1.IExportLogsServiceRequest;
type Log = opentelemetry.proto.logs.v1.ILogRecord;

const NOW = Date.UTC(2026, 2, 1);
const opts = { nowMs: NOW, maxFutureSkewMs: 600_000 };
/** Exact 64-bit nanoseconds as a decimal string (the protobufjs writer accepts it; the --force-number typings say number). */
const ns = (ms: number) => String(BigInt(ms) * 1_000_000n) as unknown as number;
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

function request(logRecords: Log[], service: string | null = 'payments'): Req {
  const attributes = service === null ? [] : [{ key: 'service.name', value: { stringValue: service } }];
  return { resourceLogs: [{ resource: { attributes }, scopeLogs: [{ logRecords }] }] };
}

const sample: Log[] = [
  { timeUnixNano: ns(NOW - 100), severityNumber: 17, severityText: 'ERROR', body: { stringValue: 'card declined' }, traceId: Buffer.from(TRACE, 'hex'), spanId: Buffer.from('00f067aa0ba902b7', 'hex') },
  { observedTimeUnixNano: ns(NOW - 50), severityNumber: 9, body: { kvlistValue: { values: [{ key: 'event', value: { stringValue: 'retry' } }, { key: 'attempt', value: { intValue: 2 } }] } } },
  { timeUnixNano: ns(NOW - 10), body: { intValue: 42 }, traceId: Buffer.alloc(16) },
];

describe('decodeLogs', () => {
  it('maps severity, body (string or JSON of structured values), trace id and time with observed-time fallback', () => {
    const r = decodeLogs(ExportLogsServiceRequest.encode(request(sample)).finish(), 'protobuf', opts);
    expect(r.rejected).toBe(0);
    expect(r.logs).toEqual([
      { service: 'payments', timeMs: NOW - 100, severityNumber: 17, severityText: 'ERROR', body: 'card declined', traceId: TRACE },
      { service: 'payments', timeMs: NOW - 50, severityNumber: 9, severityText: '', body: '{"event":"retry","attempt":2}', traceId: '' },
      { service: 'payments', timeMs: NOW - 10, severityNumber: 0, severityText: '', body: '42', traceId: '' },
    ]);
  });

  it('uses the receipt time when a record has no time at all', () => {
    const [l] = decodeLogs(ExportLogsServiceRequest.encode(request([{ body: { stringValue: 'x' } }])).finish(), 'protobuf', opts).logs;
    expect(l.timeMs).toBe(NOW);
  });

  it('yields identical records from protobuf and from OTLP JSON, enum names included', () => {
    const req = request(sample);
    const fromProto = decodeLogs(ExportLogsServiceRequest.encode(req).finish(), 'protobuf', opts);
    const json = toOtlpJson(req) as { resourceLogs: { scopeLogs: { logRecords: { severityNumber?: unknown }[] }[] }[] };
    expect(decodeLogs(json, 'json', opts).logs).toEqual(fromProto.logs);
    json.resourceLogs[0].scopeLogs[0].logRecords[0].severityNumber = 'SEVERITY_NUMBER_ERROR';
    expect(decodeLogs(json, 'json', opts).logs[0].severityNumber).toBe(17);
  });

  it('rejects records without service, with a malformed trace id or from the far future', () => {
    const req: Req = { resourceLogs: [
      ...request([sample[0]], null).resourceLogs!,
      ...request([sample[0], { ...sample[0], traceId: Buffer.from('abcd', 'hex') }, { ...sample[0], timeUnixNano: ns(NOW + 3_600_000) }]).resourceLogs!,
    ] };
    const r = decodeLogs(ExportLogsServiceRequest.encode(req).finish(), 'protobuf', opts);
    expect(r.logs).toHaveLength(1);
    expect(r.reasons).toEqual({ missing_service_name: 1, invalid_id: 1, future_timestamp: 1 });
    expect(r.errorMessage).toBe('rejected 3 log records: future_timestamp=1, invalid_id=1, missing_service_name=1');
  });
});
