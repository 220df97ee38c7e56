/** fast-check generators for OTLP requests: JSON-shaped (valid, nearly valid and garbage at every level). */
import fc from 'fast-check';

export const NOW_MS = Date.UTC(2026, 11, 5, 12, 0, 0);
const NOW_NS = BigInt(NOW_MS) * 1_000_000n;

/** Any string, lone surrogates and NUL included. */
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('', '\u0000', 'a\u0000b', '\ud800', 'svc', 'postgres://u:pw@db:5432/x'));
const hexId = (bytes: number) => fc.oneof(fc.stringMatching(new RegExp(`^[0-9a-f]{${bytes * 2}}$`)), text, fc.constant('0'.repeat(bytes * 2)));
/** Times near now, far in the past (1990), in the future, and not numbers at all. */
const nanos = fc.oneof(
  fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).map((d) => String(NOW_NS + d * 1000n)),
  fc.constantFrom('631152000000000000', '0', '-1', '18446744073709551615', '99999999999999999999999', 'NaN', ''),
  fc.integer(), fc.double(), text,
);
const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ stringValue: text }),
    fc.record({ intValue: fc.oneof(fc.integer(), fc.bigInt().map(String), text) }),
    fc.record({ doubleValue: fc.oneof(fc.double(), fc.constantFrom('NaN', 'Infinity', '-Infinity'), text) }),
    fc.record({ boolValue: fc.oneof(fc.boolean(), text) }),
    fc.record({ bytesValue: text }),
    fc.record({ arrayValue: fc.record({ values: fc.array(tie('v'), { maxLength: 3 }) }) }),
    fc.record({ kvlistValue: fc.record({ values: fc.array(fc.record({ key: text, value: tie('v') }), { maxLength: 3 }) }) }),
    fc.anything({ maxDepth: 2 }),
  ),
})).v;
const key = fc.oneof(fc.constantFrom('service.name', 'peer.service', 'server.address', 'server.port', 'db.system', 'db.name', 'http.route', 'http.response.status_code', 'url.full', 'net.peer.name', 'rpc.service'), text);
const attributes = fc.oneof(fc.array(fc.record({ key, value: anyValue }), { maxLength: 6 }), fc.anything({ maxDepth: 1 }));
/** A field that is usually well-formed and sometimes anything at all. */
const sometimesJunk = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 6, arbitrary: a }, { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) });
const resource = sometimesJunk(fc.record({ attributes }, { requiredKeys: [] }));

const span = fc.record({
  traceId: hexId(16), spanId: hexId(8), parentSpanId: fc.oneof(hexId(8), fc.constant('')), name: text,
  kind: fc.oneof(fc.integer({ min: -1, max: 7 }), fc.constantFrom('SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'x')),
  startTimeUnixNano: nanos, endTimeUnixNano: nanos, attributes,
  status: sometimesJunk(fc.record({ code: fc.oneof(fc.integer({ min: -1, max: 3 }), fc.constantFrom('STATUS_CODE_ERROR', 'x')) }, { requiredKeys: [] })),
}, { requiredKeys: [] });

export const tracesJson = fc.record({
  resourceSpans: sometimesJunk(fc.array(fc.record({ resource, scopeSpans: sometimesJunk(fc.array(fc.record({ spans: sometimesJunk(fc.array(sometimesJunk(span), { maxLength: 5 })) }), { maxLength: 2 })) }, { requiredKeys: [] }), { maxLength: 3 })),
}, { requiredKeys: [] });

const number = fc.oneof(fc.double(), fc.integer(), fc.constantFrom('NaN', 'Infinity', '1e400', '-0'), text);
const point = fc.record({
  timeUnixNano: nanos, startTimeUnixNano: nanos, asDouble: number, asInt: fc.oneof(fc.integer(), fc.bigInt().map(String), text), attributes,
  count: fc.oneof(fc.integer({ min: -1 }), fc.bigInt().map(String)), sum: number,
  bucketCounts: fc.array(fc.oneof(fc.integer({ min: -1 }), text), { maxLength: 6 }), explicitBounds: fc.array(number, { maxLength: 6 }),
  quantileValues: fc.array(fc.record({ quantile: number, value: number }), { maxLength: 3 }),
}, { requiredKeys: [] });
const points = fc.record({ dataPoints: sometimesJunk(fc.array(point, { maxLength: 4 })), aggregationTemporality: fc.integer({ min: -1, max: 3 }), isMonotonic: fc.boolean() }, { requiredKeys: [] });
const metric = fc.record({
  name: fc.oneof(fc.constantFrom('http.server.request.duration', 'process.cpu.utilization', 'jvm.gc.duration'), text), unit: text,
  gauge: points, sum: points, histogram: points, exponentialHistogram: points, summary: points,
}, { requiredKeys: ['name'] });

export const metricsJson = fc.record({
  resourceMetrics: sometimesJunk(fc.array(fc.record({ resource, scopeMetrics: sometimesJunk(fc.array(fc.record({ metrics: sometimesJunk(fc.array(sometimesJunk(metric), { maxLength: 4 })) }), { maxLength: 2 })) }, { requiredKeys: [] }), { maxLength: 3 })),
}, { requiredKeys: [] });

const logRecord = fc.record({
  timeUnixNano: nanos, observedTimeUnixNano: nanos, severityNumber: fc.oneof(fc.integer({ min: -1, max: 30 }), text), severityText: text,
  body: anyValue, attributes, traceId: hexId(16), spanId: hexId(8),
}, { requiredKeys: [] });

export const logsJson = fc.record({
  resourceLogs: sometimesJunk(fc.array(fc.record({ resource, scopeLogs: sometimesJunk(fc.array(fc.record({ logRecords: sometimesJunk(fc.array(sometimesJunk(logRecord), { maxLength: 5 })) }), { maxLength: 2 })) }, { requiredKeys: [] }), { maxLength: 3 })),
}, { requiredKeys: [] });

/** A byte string with a few random positions overwritten, inserted or cut: a mutation fuzzer over valid input. */
export function mutated(valid: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'cut')), { minLength: 1, maxLength: 8 }).map((edits) => {
    let bytes = [...valid];
    for (const [at, value, op] of edits) {
      const i = bytes.length ? at % bytes.length : 0;
      if (op === 'set') bytes[i] = value;
      else if (op === 'insert') bytes.splice(i, 0, value);
      else bytes = bytes.slice(0, i);
    }
    return Uint8Array.from(bytes);
  });
}
