// Which offsets may be committed: only messages whose every window the stored checkpoint marks written, in order.
import { describe, expect, it } from 'vitest';
import { createOffsetTracker, needsOf } from '../../src/ingest/kafka/offset-tracker.js';
import { SpanKind, type SpanRecord } from '../../src/core/telemetry.js';
import { loadConfig } from '../../src/config/config.js';

const M = 60_000;
const needs = (o: Record<string, number>) => new Map(Object.entries(o));

describe('offset tracker', () => {
  it('commits a prefix of settled messages per partition, never past an unsettled one', () => {
    const t = createOffsetTracker();
    t.add('spans', 0, '10', needs({ cart: 0 }));
    t.add('spans', 0, '11', needs({ cart: M }));
    t.add('spans', 0, '12', needs({ cart: 0 }));
    t.add('spans', 1, '5', needs({ pay: 0 }));
    expect(t.durable({ cart: M })).toEqual([{ topic: 'spans', partition: 0, offset: '11' }]);
    expect(t.durable({ cart: 2 * M, pay: 0 })).toEqual([{ topic: 'spans', partition: 0, offset: '13' }]);
    expect(t.pendingCount()).toBe(1);
    expect(t.durable({ cart: 2 * M, pay: M })).toEqual([{ topic: 'spans', partition: 1, offset: '6' }]);
  });

  it('settles messages without data at once, ignores re-delivered offsets and forgets revoked partitions', () => {
    const t = createOffsetTracker();
    t.add('logs', 0, '0', new Map());
    t.add('logs', 0, '0', needs({ x: 0 }));
    expect(t.durable({})).toEqual([{ topic: 'logs', partition: 0, offset: '1' }]);
    t.committed([{ topic: 'logs', partition: 0, offset: '1' }]);
    expect(t.durable({})).toEqual([]);
    expect(t.nextToRead('logs', 0)).toBe('1');
    t.retain([]);
    expect(t.nextToRead('logs', 0)).toBeUndefined();
  });

  it('needs the caller window and a database callee window for client spans', () => {
    const span: SpanRecord = {
      traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), parentSpanId: 'c'.repeat(16), service: 'orders', name: 'SELECT',
      kind: SpanKind.CLIENT, startMs: 3 * M + 5, endMs: 3 * M + 9, statusCode: 0, dbSystem: 'postgresql', dbName: 'shop', serverAddress: 'pg',
    };
    const n = needsOf({ spans: [span], metrics: [], logs: [], source: 'kafka' }, M);
    expect(n.get('orders')).toBe(3 * M);
    expect([...n.keys()].length).toBe(2);
  });
});

describe('KAFKA_* configuration', () => {
  it('reads a default encoding with per-topic overrides, TLS and SASL', () => {
    const c = loadConfig({ KAFKA_BROKERS: 'k1:9092,k2:9092', KAFKA_ENCODING: 'otlp_proto,otlp_logs=otlp_json', KAFKA_TLS: 'true', KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' });
    expect(c.kafka).toMatchObject({ brokers: ['k1:9092', 'k2:9092'], encoding: { default: 'otlp_proto', topics: { otlp_logs: 'otlp_json' } }, dlqTopic: 'otlp_dlq', tls: { enabled: true }, sasl: { mechanism: 'SCRAM-SHA-512', username: 'u', password: 'p' } });
  });

  it('names the bad variable', () => {
    expect(() => loadConfig({ KAFKA_BROKERS: 'k:9092', KAFKA_ENCODING: 'avro' })).toThrow(/KAFKA_ENCODING/);
    expect(() => loadConfig({ KAFKA_BROKERS: 'k:9092', KAFKA_SASL_MECHANISM: 'PLAIN' })).toThrow(/KAFKA_SASL_USERNAME/);
  });
});
