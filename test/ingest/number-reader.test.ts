import { describe, expect, it } from 'vitest';
import { opentelemetry } from '../../src/ingest/otlp/generated/otlp.js';
import { numberReader } from '../../src/ingest/otlp/number-reader.js';

const { Span } = opentelemetry.proto.trace.v1;
const { NumberDataPoint, ExponentialHistogramDataPoint } = opentelemetry.proto.metrics.v1;
const { AnyValue } = opentelemetry.proto.common.v1;
/** Exact 64-bit values as decimal strings (the writer accepts them; the --force-number typings say number). */
const big = (s: string) => s as unknown as number;

describe('numberReader', () => {
  it('reads fixed64 timestamps as plain numbers with the right value', () => {
    const bytes = Span.encode({ name: 's', startTimeUnixNano: big('1767225600123456789'), endTimeUnixNano: 4294967297 }).finish();
    const span = Span.decode(numberReader(bytes));
    expect(typeof span.startTimeUnixNano).toBe('number');
    expect(span.startTimeUnixNano).toBe(Number('1767225600123456789')); // the nearest double
    expect(span.endTimeUnixNano).toBe(4294967297);
  });

  it('reads signed and varint 64-bit fields, negatives included', () => {
    expect(NumberDataPoint.decode(numberReader(NumberDataPoint.encode({ asInt: -5 }).finish())).asInt).toBe(-5);
    expect(NumberDataPoint.decode(numberReader(NumberDataPoint.encode({ asInt: big('-9007199254740993') }).finish())).asInt).toBe(-9007199254740992);
    expect(AnyValue.decode(numberReader(AnyValue.encode({ intValue: -42 }).finish())).intValue).toBe(-42);
    expect(AnyValue.decode(numberReader(AnyValue.encode({ intValue: 1234567890123 }).finish())).intValue).toBe(1234567890123);
    const dp = ExponentialHistogramDataPoint.decode(numberReader(ExponentialHistogramDataPoint.encode({ count: 300, zeroCount: 2, positive: { bucketCounts: [1, 299] } }).finish()));
    expect([dp.count, dp.zeroCount, dp.positive!.bucketCounts]).toEqual([300, 2, [1, 299]]);
  });

  it('leaves protobufjs global behaviour alone: the default reader still yields Long', () => {
    const bytes = Span.encode({ startTimeUnixNano: 5 }).finish();
    const viaDefault = Span.decode(bytes).startTimeUnixNano as unknown;
    expect(typeof viaDefault).toBe('object');
    expect(String(viaDefault)).toBe('5');
  });

  it('fails on truncated input instead of reading past the end', () => {
    const bytes = Span.encode({ startTimeUnixNano: 5 }).finish();
    expect(() => Span.decode(numberReader(bytes.subarray(0, bytes.length - 3)))).toThrow();
  });
});

describe('numberReader sint64', () => {
  it('decodes zigzag values (no OTLP field uses sint64; checked through a hand-made message)', async () => {
    const { Writer } = (await import('protobufjs/minimal.js')).default;
    for (const v of [0, 1, -1, 63, -64, 1234567890123, -1234567890123]) {
      const bytes = Writer.create().sint64(v).finish();
      expect(numberReader(bytes).sint64() as unknown).toBe(v);
    }
  });
});
