/**
 * Property-based fuzz targets shared by the CI tests (test/fuzz/*.test.ts, few runs) and `bench/fuzz` (minutes).
 * Each property states what must hold for ANY input: a decoder returns records or throws its own
 * INGEST.BAD_PAYLOAD, never another exception and never a record carrying a NUL; a parser answers, never throws;
 * the SQL guard never lets a mutating statement through and never throws anything but its own rejection.
 */
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import fc from 'fast-check';
import { z } from 'zod';
import { parseNotification } from '../../src/alerts/alertmanager-payload.js';
import { HttpError, intParam, parseBody, pathId, timeParam, checkQuery } from '../../src/api/http-kit.js';
import { isAiopsError } from '../../src/core/errors.js';
import { decodeLogs } from '../../src/ingest/otlp/decode-logs.js';
import { decodeMetrics } from '../../src/ingest/otlp/decode-metrics.js';
import { decodeTraces } from '../../src/ingest/otlp/decode-traces.js';
import { opentelemetry } from '../../src/ingest/otlp/generated/otlp.js';
import { checkSql } from '../../src/query/sql-guard.js';
import { DEFAULT_SQL_POLICY } from '../../src/query/sql-policy.js';
import { dedupeKey, parseBody as parseSlackBody, verifySignature } from '../../src/slack/receiver.js';
import { logsJson, metricsJson, mutated, NOW_MS, tracesJson } from './otlp-arbitraries.js';
import { mutatingSql, randomSql } from './sql-arbitraries.js';

export interface FuzzTarget {
  name: string;
  /** A fresh property; sync or async. */
  property: () => fc.IRawProperty<unknown[], boolean>;
}

const OPTS = { nowMs: NOW_MS, maxFutureSkewMs: 300_000 };

/** Runs `decode`; the only acceptable exception is the decoder's own bad-payload error. */
function decodesOrRefuses(decode: () => object, recordsKey: string): void {
  let out: { rejected: number } & Record<string, unknown>;
  try {
    out = decode() as { rejected: number } & Record<string, unknown>;
  } catch (e) {
    if (isAiopsError(e) && e.code === 'INGEST.BAD_PAYLOAD') return;
    throw e;
  }
  if (!Array.isArray(out[recordsKey]) || !Number.isInteger(out.rejected) || out.rejected < 0) throw new Error(`malformed decode result: ${JSON.stringify(out).slice(0, 200)}`);
  const nul = findNul(out[recordsKey]);
  if (nul !== undefined) throw new Error(`a decoded record carries a NUL: ${JSON.stringify(nul).slice(0, 300)}`);
}

/** The first string (value or key) holding a real NUL character, anywhere inside `v`. */
function findNul(v: unknown): string | undefined {
  if (typeof v === 'string') return v.includes('\u0000') ? v : undefined;
  if (v === null || typeof v !== 'object') return undefined;
  for (const [k, item] of Object.entries(v)) {
    const hit = k.includes('\u0000') ? k : findNul(item);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const jsonBytes = (valid: fc.Arbitrary<unknown>) => fc.oneof(valid.map((v) => utf8(JSON.stringify(v))), fc.string({ unit: 'binary' }).map(utf8), fc.uint8Array({ maxLength: 200 }));

const pb = opentelemetry.proto.collector;
function protoOf<T>(type: { fromObject(o: object): T; encode(m: T): { finish(): Uint8Array } }, obj: object): Uint8Array {
  return type.encode(type.fromObject(obj)).finish();
}
const ID = { traceId: Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex'), spanId: Buffer.from('b7ad6b7169203331', 'hex') };
const t = String(BigInt(NOW_MS) * 1_000_000n);
const res = { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] };
const validTraces = protoOf(pb.trace.v1.ExportTraceServiceRequest, { resourceSpans: [{ resource: res, scopeSpans: [{ spans: [{ ...ID, name: 'GET /cart', kind: 2, startTimeUnixNano: t, endTimeUnixNano: t, attributes: [{ key: 'http.route', value: { stringValue: '/cart' } }], status: { code: 2 } }] }] }] });
const validMetrics = protoOf(pb.metrics.v1.ExportMetricsServiceRequest, { resourceMetrics: [{ resource: res, scopeMetrics: [{ metrics: [{ name: 'process.cpu.utilization', unit: '1', gauge: { dataPoints: [{ timeUnixNano: t, asDouble: 0.5 }] } }, { name: 'http.server.request.duration', unit: 's', histogram: { aggregationTemporality: 2, dataPoints: [{ timeUnixNano: t, count: 3, sum: 0.3, bucketCounts: [1, 2], explicitBounds: [0.1] }] } }] }] }] });
const validLogs = protoOf(pb.logs.v1.ExportLogsServiceRequest, { resourceLogs: [{ resource: res, scopeLogs: [{ logRecords: [{ timeUnixNano: t, severityNumber: 17, body: { stringValue: 'boom' }, ...ID }] }] }] });
const protoBytes = (valid: Uint8Array) => fc.oneof(mutated(valid), fc.uint8Array({ maxLength: 300 }));

function fakeRequest(body: Uint8Array, contentType: string): IncomingMessage {
  return Object.assign(Readable.from([Buffer.from(body)]), { headers: { 'content-type': contentType } }) as unknown as IncomingMessage;
}
/** The shape of the API's bodies (rca, actions): strings with bounds, optional fields, enums. */
const apiBody = z.object({ service: z.string().min(1).max(256), at: z.string().max(64).optional(), kind: z.enum(['RESTART', 'ROLLBACK']).optional(), params: z.record(z.string(), z.number()).optional() });
const onlyHttp4xx = (e: unknown) => {
  if (!(e instanceof HttpError) || e.status < 400 || e.status > 499) throw e;
};
/** Slack bodies: JSON (objects shaped like Slack's, and any JSON), form-encoded with a `payload`, and junk. */
const slackObject = fc.record({ type: fc.constantFrom('event_callback', 'block_actions', 'view_submission', 'url_verification', 'x'), event_id: fc.anything({ maxDepth: 0 }), command: fc.anything({ maxDepth: 0 }), trigger_id: fc.anything({ maxDepth: 0 }), actions: fc.anything({ maxDepth: 2 }), view: fc.anything({ maxDepth: 2 }) }, { requiredKeys: [] });
const slackJson = fc.oneof(slackObject, fc.jsonValue()).map((v) => JSON.stringify(v));
const slackRaw = fc.oneof(slackJson, slackJson.map((j) => new URLSearchParams({ payload: j }).toString()), fc.string({ unit: 'binary' }));
const SQL_CODES = new Set(['EMPTY', 'TOO_LONG', 'NUL_BYTE', 'PARSE_ERROR', 'MULTIPLE_STATEMENTS', 'NOT_SELECT', 'SELECT_INTO', 'LOCKING_CLAUSE', 'DATA_MODIFYING_CTE', 'FORBIDDEN_RELATION', 'FORBIDDEN_FUNCTION', 'FORBIDDEN_TYPE', 'FORBIDDEN_SYNTAX', 'TOO_COMPLEX']);

export const FUZZ_TARGETS: FuzzTarget[] = [
  { name: 'otlp traces json object', property: () => fc.property(tracesJson, (m) => (decodesOrRefuses(() => decodeTraces(m, 'json', OPTS), 'spans'), true)) },
  { name: 'otlp traces json bytes', property: () => fc.property(jsonBytes(tracesJson), (b) => (decodesOrRefuses(() => decodeTraces(b, 'json', OPTS), 'spans'), true)) },
  { name: 'otlp traces protobuf', property: () => fc.property(protoBytes(validTraces), (b) => (decodesOrRefuses(() => decodeTraces(b, 'protobuf', OPTS), 'spans'), true)) },
  { name: 'otlp metrics json object', property: () => fc.property(metricsJson, (m) => (decodesOrRefuses(() => decodeMetrics(m, 'json', OPTS), 'metrics'), true)) },
  { name: 'otlp metrics json bytes', property: () => fc.property(jsonBytes(metricsJson), (b) => (decodesOrRefuses(() => decodeMetrics(b, 'json', OPTS), 'metrics'), true)) },
  { name: 'otlp metrics protobuf', property: () => fc.property(protoBytes(validMetrics), (b) => (decodesOrRefuses(() => decodeMetrics(b, 'protobuf', OPTS), 'metrics'), true)) },
  { name: 'otlp logs json object', property: () => fc.property(logsJson, (m) => (decodesOrRefuses(() => decodeLogs(m, 'json', OPTS), 'logs'), true)) },
  { name: 'otlp logs json bytes', property: () => fc.property(jsonBytes(logsJson), (b) => (decodesOrRefuses(() => decodeLogs(b, 'json', OPTS), 'logs'), true)) },
  { name: 'otlp logs protobuf', property: () => fc.property(protoBytes(validLogs), (b) => (decodesOrRefuses(() => decodeLogs(b, 'protobuf', OPTS), 'logs'), true)) },
  {
    name: 'slack signature and dedupe',
    property: () => fc.property(fc.string(), fc.dictionary(fc.constantFrom('x-slack-request-timestamp', 'x-slack-signature', 'x-other'), fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 2 }))), slackRaw, fc.constantFrom('application/json', 'application/x-www-form-urlencoded', ''), fc.integer({ min: 0, max: 4_102_444_800_000 }), (secret, headers, raw, type, now) => {
      const verdict = verifySignature(secret || 's', headers, raw, now);
      const body = parseSlackBody(raw, type);
      const key = body ? dedupeKey(body) : undefined;
      return ['ok', 'stale', 'bad_signature'].includes(verdict) && (body === null || (typeof body === 'object' && !Array.isArray(body))) && (key === undefined || typeof key === 'string');
    }),
  },
  {
    name: 'alertmanager notification',
    property: () => fc.property(fc.oneof(fc.anything(), fc.record({ version: fc.constantFrom('4', 4), status: fc.constantFrom('firing', 'resolved', 'x'), alerts: fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }) })), (body) => {
      const out = parseNotification(body);
      return out.ok ? Array.isArray(out.alerts) && out.alerts.length + out.rejected.length === (body as { alerts: unknown[] }).alerts.length : typeof out.reason === 'string';
    }),
  },
  {
    name: 'api bodies and parameters',
    property: () => fc.asyncProperty(fc.oneof(fc.json().map(utf8), fc.uint8Array({ maxLength: 100 }), fc.record({ service: fc.string(), at: fc.string() }).map((o) => utf8(JSON.stringify(o)))), fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8'), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), async (body, type, value, key) => {
      await parseBody(fakeRequest(body, type), apiBody).catch(onlyHttp4xx);
      const query = new URLSearchParams([[key, value], ['since', value], ['limit', value]]);
      for (const read of [() => timeParam(query, 'since'), () => intParam(query, 'limit', 1, 1000), () => pathId({ id: value }, 'id'), () => checkQuery(query)]) {
        try {
          read();
        } catch (e) {
          onlyHttp4xx(e);
        }
      }
      return true;
    }),
  },
  {
    name: 'sql guard random input',
    property: () => fc.property(randomSql, (sql) => {
      const out = checkSql(sql, DEFAULT_SQL_POLICY);
      return out.ok ? out.limit <= DEFAULT_SQL_POLICY.maxRows : SQL_CODES.has(out.code) && out.message.length > 0;
    }),
  },
  {
    name: 'sql guard never passes a mutation',
    property: () => fc.property(mutatingSql, (sql) => !checkSql(sql, DEFAULT_SQL_POLICY).ok),
  },
];
