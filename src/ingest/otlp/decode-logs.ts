/**
 * OTLP logs → LogRecord[]. The time is `time_unix_nano`, else `observed_time_unix_nano` (as the OTLP
 * data model says), else the receipt time. The body is its string value, or JSON for structured bodies.
 * A trace id that is absent or all zero becomes ''; one of the wrong length rejects the record.
 */
import type { LogRecord } from '../../core/telemetry.js';
import { opentelemetry } from './generated/otlp.js';
import { mapOrReject, parseRequest, readResource, RejectTally, timeBounds, type DecodeOptions, type OtlpFormat, type RejectReason, type TimeBounds } from './decode-common.js';
import { anyToText, enumNum, hexId, list, nanosToMs, type AnyValueLike, type KeyValueLike } from './otlp-values.js';
import { cleanText, MAX_BODY_CHARS, MAX_VALUE_CHARS } from './sanitize.js';

const { ExportLogsServiceRequest } = opentelemetry.proto.collector.logs.v1;
const SEVERITY_NAMES = opentelemetry.proto.logs.v1.SeverityNumber as unknown as Record<string, number>;

interface LogLike {
  timeUnixNano?: unknown;
  observedTimeUnixNano?: unknown;
  severityNumber?: unknown;
  severityText?: string | null;
  body?: AnyValueLike | null;
  traceId?: unknown;
}
interface LogsRequestLike {
  resourceLogs?: { resource?: { attributes?: KeyValueLike[] | null } | null; scopeLogs?: { logRecords?: LogLike[] | null }[] | null }[] | null;
}

export interface DecodedLogs {
  logs: LogRecord[];
  rejected: number;
  reasons: Record<string, number>;
  errorMessage?: string;
}

/**
 * Decodes an `ExportLogsServiceRequest` (protobuf bytes, JSON bytes or a parsed JSON object).
 * Throws `AiopsError('INGEST.BAD_PAYLOAD')` when the body as a whole cannot be read.
 */
export function decodeLogs(msg: Uint8Array | object, format: OtlpFormat, opts: DecodeOptions): DecodedLogs {
  const req = parseRequest<LogsRequestLike>(msg, format, (r) => ExportLogsServiceRequest.decode(r));
  return mapOrReject(() => mapLogs(req, opts));
}

function mapLogs(req: LogsRequestLike, opts: DecodeOptions): DecodedLogs {
  const logs: LogRecord[] = [];
  const tally = new RejectTally();
  const bounds = timeBounds(opts);
  for (const rl of list(req.resourceLogs)) {
    const { service } = readResource(rl.resource);
    for (const sl of list(rl.scopeLogs)) {
      const items = list(sl.logRecords);
      if (service === '') {
        tally.add('missing_service_name', items.length);
        continue;
      }
      for (const l of items) {
        const r = mapLog(l, service, opts.nowMs, bounds);
        if (typeof r === 'string') tally.add(r, 1);
        else logs.push(r);
      }
    }
  }
  return { logs, rejected: tally.total, reasons: tally.reasons, errorMessage: tally.message('log records') };
}

function mapLog(l: LogLike, service: string, nowMs: number, bounds: TimeBounds): LogRecord | RejectReason {
  const traceId = hexId(l.traceId, 16);
  if (traceId === null) return 'invalid_id';
  const timeMs = nanosToMs(l.timeUnixNano) || nanosToMs(l.observedTimeUnixNano) || nowMs;
  if (!(timeMs > 0)) return 'invalid_timestamp';
  if (timeMs > bounds.maxMs) return 'future_timestamp';
  if (timeMs < bounds.minMs) return 'too_old';
  const severity = enumNum(l.severityNumber, SEVERITY_NAMES);
  return {
    service,
    timeMs,
    severityNumber: severity >= 0 && severity <= 24 ? severity : 0,
    severityText: typeof l.severityText === 'string' ? cleanText(l.severityText, MAX_VALUE_CHARS) : '',
    body: anyToText(l.body, MAX_BODY_CHARS),
    traceId,
  };
}
