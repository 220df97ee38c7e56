/**
 * OTLP traces → SpanRecord[]. Works on generated protobuf messages and on parsed OTLP JSON alike
 * (see otlp-values.ts); items that fail validation are dropped one by one and tallied by reason.
 * This is the hot path of the receiver: no closures, regexes or allocations per attribute.
 */
import type { SpanKindNumber, SpanRecord, SpanStatusCode } from '../../core/telemetry.js';
import { opentelemetry } from './generated/otlp.js';
import { mapOrReject, parseRequest, readResource, RejectTally, timeBounds, type DecodeOptions, type OtlpFormat, type RejectReason, type ResourceInfo, type TimeBounds } from './decode-common.js';
import { cleanSpanText } from './clean-span.js';
import { anyToInt, anyToString, enumNum, hexId, list, nanosToMs, type KeyValueLike } from './otlp-values.js';
import { hostOfUrl, splitHostPort } from '../../features/node-names.js';

const { ExportTraceServiceRequest } = opentelemetry.proto.collector.trace.v1;

interface SpanLike {
  traceId?: unknown;
  spanId?: unknown;
  parentSpanId?: unknown;
  name?: unknown;
  kind?: unknown;
  startTimeUnixNano?: unknown;
  endTimeUnixNano?: unknown;
  attributes?: KeyValueLike[] | null;
  status?: { code?: unknown } | null;
}
interface TracesRequestLike {
  resourceSpans?: { resource?: { attributes?: KeyValueLike[] | null } | null; scopeSpans?: { spans?: SpanLike[] | null }[] | null }[] | null;
}

const KIND_NAMES: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0, SPAN_KIND_INTERNAL: 1, SPAN_KIND_SERVER: 2, SPAN_KIND_CLIENT: 3, SPAN_KIND_PRODUCER: 4, SPAN_KIND_CONSUMER: 5,
};
const STATUS_NAMES: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

export interface DecodedTraces {
  spans: SpanRecord[];
  rejected: number;
  reasons: Record<string, number>;
  errorMessage?: string;
}

/**
 * Decodes an `ExportTraceServiceRequest` (protobuf bytes, JSON bytes or a parsed JSON object).
 * Throws `AiopsError('INGEST.BAD_PAYLOAD')` when the body as a whole cannot be read; invalid single
 * spans are counted in `rejected`/`reasons` and described in `errorMessage` (the partial-success text).
 */
export function decodeTraces(msg: Uint8Array | object, format: OtlpFormat, opts: DecodeOptions): DecodedTraces {
  const req = parseRequest<TracesRequestLike>(msg, format, (r) => ExportTraceServiceRequest.decode(r));
  return mapOrReject(() => mapTraces(req, timeBounds(opts)));
}

function mapTraces(req: TracesRequestLike, bounds: TimeBounds): DecodedTraces {
  const spans: SpanRecord[] = [];
  const tally = new RejectTally();
  const resourceSpans = list(req.resourceSpans);
  for (let i = 0; i < resourceSpans.length; i++) {
    const rs = resourceSpans[i];
    const res = readResource(rs.resource);
    const scopes = list(rs.scopeSpans);
    for (let j = 0; j < scopes.length; j++) {
      const items = list(scopes[j].spans);
      if (res.service === '') {
        tally.add('missing_service_name', items.length);
        continue;
      }
      for (let k = 0; k < items.length; k++) {
        const out = mapSpan(items[k], res, bounds);
        if (typeof out === 'string') tally.add(out, 1);
        else spans.push(out);
      }
    }
  }
  return { spans, rejected: tally.total, reasons: tally.reasons, errorMessage: tally.message('spans') };
}

function mapSpan(s: SpanLike, res: ResourceInfo, bounds: TimeBounds): SpanRecord | RejectReason {
  const traceId = hexId(s.traceId, 16);
  const spanId = hexId(s.spanId, 8);
  const parentSpanId = hexId(s.parentSpanId, 8);
  if (!traceId || !spanId || parentSpanId === null) return 'invalid_id';
  const startMs = nanosToMs(s.startTimeUnixNano);
  const endMs = nanosToMs(s.endTimeUnixNano);
  if (!(startMs > 0) || !(endMs >= startMs)) return 'invalid_timestamp';
  if (endMs > bounds.maxMs) return 'future_timestamp';
  if (startMs < bounds.minMs) return 'too_old';
  const kind = enumNum(s.kind, KIND_NAMES);
  const status = enumNum(s.status?.code, STATUS_NAMES);
  const name = s.name;
  const rec: SpanRecord = {
    traceId,
    spanId,
    parentSpanId,
    service: res.service,
    name: typeof name === 'string' ? name : String(name ?? ''),
    kind: (kind >= 0 && kind <= 5 ? kind : 0) as SpanKindNumber,
    startMs,
    endMs,
    statusCode: (status >= 0 && status <= 2 ? status : 0) as SpanStatusCode,
    peerService: undefined,
    serverAddress: undefined,
    serverPort: undefined,
    peerAddress: undefined,
    peerPort: undefined,
    dbSystem: undefined,
    dbName: undefined,
    messagingSystem: undefined,
    messagingDestination: undefined,
    rpcService: undefined,
    httpStatus: undefined,
    serviceVersion: res.version,
    serviceRevision: res.revision,
  };
  applyAttributes(rec, list(s.attributes));
  cleanSpanText(rec);
  return rec;
}

/**
 * Picks the few attributes the pipeline uses; stable semantic-convention names win over the old ones
 * (server.address over net.peer.name over the host of url.full / http.url / http.host, and so on).
 */
function applyAttributes(rec: SpanRecord, attrs: KeyValueLike[]): void {
  let netPeerName: string | undefined;
  let netPeerPort: number | undefined;
  let sockPeerAddr: string | undefined;
  let sockPeerPort: number | undefined;
  let urlOrHost: string | undefined;
  let dbSystemOld: string | undefined;
  let dbNameOld: string | undefined;
  let destinationOld: string | undefined;
  let servicePeerName: string | undefined;
  let httpStatusOld: number | undefined;
  for (let i = 0; i < attrs.length; i++) {
    const kv = attrs[i];
    switch (kv.key) {
      case 'peer.service': rec.peerService = anyToString(kv.value); break;
      case 'service.peer.name': servicePeerName = anyToString(kv.value); break;
      case 'server.address': rec.serverAddress = anyToString(kv.value); break;
      case 'server.port': rec.serverPort = anyToInt(kv.value); break;
      case 'net.peer.name': netPeerName = anyToString(kv.value); break;
      case 'net.peer.port': netPeerPort = anyToInt(kv.value); break;
      case 'network.peer.address': rec.peerAddress = anyToString(kv.value); break;
      case 'network.peer.port': rec.peerPort = anyToInt(kv.value); break;
      case 'net.sock.peer.addr': sockPeerAddr = anyToString(kv.value); break;
      case 'net.sock.peer.port': sockPeerPort = anyToInt(kv.value); break;
      case 'url.full': urlOrHost = anyToString(kv.value); break;
      case 'http.url': case 'http.host': if (urlOrHost === undefined) urlOrHost = anyToString(kv.value); break;
      case 'db.system.name': rec.dbSystem = anyToString(kv.value); break;
      case 'db.system': dbSystemOld = anyToString(kv.value); break;
      case 'db.namespace': rec.dbName = anyToString(kv.value); break;
      case 'db.name': dbNameOld = anyToString(kv.value); break;
      case 'messaging.system': rec.messagingSystem = anyToString(kv.value); break;
      case 'messaging.destination.name': rec.messagingDestination = anyToString(kv.value); break;
      case 'messaging.destination': destinationOld = anyToString(kv.value); break;
      case 'rpc.service': rec.rpcService = anyToString(kv.value); break;
      case 'http.response.status_code': rec.httpStatus = anyToInt(kv.value); break;
      case 'http.status_code': httpStatusOld = anyToInt(kv.value); break;
    }
  }
  if (rec.peerService === undefined) rec.peerService = servicePeerName;
  if (rec.serverAddress === undefined) {
    rec.serverAddress = netPeerName;
    if (rec.serverPort === undefined) rec.serverPort = netPeerPort;
    if (rec.serverAddress === undefined && urlOrHost !== undefined) hostFromUrl(rec, urlOrHost);
  }
  if (rec.peerAddress === undefined) rec.peerAddress = sockPeerAddr;
  if (rec.peerPort === undefined) rec.peerPort = sockPeerPort;
  if (rec.dbSystem === undefined) rec.dbSystem = dbSystemOld;
  if (rec.dbName === undefined) rec.dbName = dbNameOld;
  if (rec.messagingDestination === undefined) rec.messagingDestination = destinationOld;
  if (rec.httpStatus === undefined) rec.httpStatus = httpStatusOld;
}

/** Old HTTP client spans name their peer only in the URL (credentials never survive). */
function hostFromUrl(rec: SpanRecord, url: string): void {
  const authority = hostOfUrl(url);
  if (authority === undefined) return;
  const { host, port } = splitHostPort(authority);
  rec.serverAddress = host;
  if (rec.serverPort === undefined) rec.serverPort = port;
}
