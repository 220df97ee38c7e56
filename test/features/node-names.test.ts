import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../src/core/index.js';
import { databaseNodeName, hostOfUrl, hostPort, messagingNodeName, splitHostPort } from '../../src/features/node-names.js';
import { stripCredentials } from '../../src/features/strip-credentials.js';
import { createWindowAggregator } from '../../src/features/window-aggregator.js';
import { MIN, batch, span } from './builders.js';

describe('node naming scheme', () => {
  it('names databases by system, host, non-default port and namespace', () => {
    expect(databaseNodeName({ system: 'postgresql', host: 'Orders-DB', port: 5432, namespace: 'orders' })).toBe('postgresql://orders-db/orders');
    expect(databaseNodeName({ system: 'postgresql', host: 'orders-db', port: 6543, namespace: 'orders' })).toBe('postgresql://orders-db:6543/orders');
    expect(databaseNodeName({ system: 'redis', host: '10.0.0.9', port: 6379 })).toBe('redis://10.0.0.9');
    expect(databaseNodeName({ system: 'postgresql', namespace: 'orders' })).toBe('postgresql:orders');
    expect(databaseNodeName({ system: 'redis' })).toBe('redis');
  });

  it('never lets credentials into a name', () => {
    expect(databaseNodeName({ system: 'postgresql', host: 'app:s3cret@orders-db', namespace: 'orders' })).toBe('postgresql://orders-db/orders');
    expect(stripCredentials('postgres://app:p@ss@orders-db:5432/orders')).toBe('postgres://orders-db:5432/orders');
    expect(stripCredentials('https://api.example.com/users/@me')).toBe('https://api.example.com/users/@me');
    expect(hostOfUrl('https://key:secret@api.stripe.com:8443/v1/charges?x=@y')).toBe('api.stripe.com:8443');
    expect(hostPort('user:pw@API.Stripe.com', 443)).toBe('api.stripe.com');
  });

  it('splits host and port, IPv6 included', () => {
    expect(splitHostPort('api.stripe.com:8443')).toEqual({ host: 'api.stripe.com', port: 8443 });
    expect(splitHostPort('[::1]:8080')).toEqual({ host: '[::1]', port: 8080 });
    expect(splitHostPort('::1')).toEqual({ host: '::1', port: undefined });
    expect(splitHostPort('cart')).toEqual({ host: 'cart', port: undefined });
    expect(messagingNodeName('Kafka', 'orders')).toBe('kafka:orders');
  });
});

describe('window aggregator: node identity from semantic conventions', () => {
  const cfg = { windowMs: MIN, allowedLatenessMs: 30_000 };
  const client = (over: Parameters<typeof span>[0]) => span({ service: 'web', kind: SpanKind.CLIENT, name: 'q', ...over });

  it('keeps two databases of one system apart by address, and one database one node whatever the port report', () => {
    const agg = createWindowAggregator(cfg);
    agg.add(batch({ spans: [
      client({ dbSystem: 'postgresql', dbName: 'orders', serverAddress: 'orders-db', serverPort: 5432, startMs: 1, endMs: 3 }),
      client({ dbSystem: 'postgresql', dbName: 'orders', serverAddress: 'orders-db', startMs: 2, endMs: 4 }),
      client({ dbSystem: 'postgresql', dbName: 'orders', serverAddress: 'orders-replica', startMs: 3, endMs: 9 }),
      client({ dbSystem: 'postgresql', dbName: 'orders', peerAddress: '10.1.2.3', peerPort: 5433, startMs: 4, endMs: 5 }),
    ] }));
    const out = agg.flushAll();
    const calls = Object.fromEntries(out.edges.map((e) => [e.callee, e.calls]));
    expect(calls).toEqual({ 'postgresql://orders-db/orders': 2, 'postgresql://orders-replica/orders': 1, 'postgresql://10.1.2.3:5433/orders': 1 });
    expect(out.edges.every((e) => e.calleeKind === 'database')).toBe(true);
  });

  it('lets peer.service win (Tempo precedence) and names message destinations and url hosts', () => {
    const agg = createWindowAggregator(cfg);
    agg.add(batch({ spans: [
      client({ peerService: 'ledger', dbSystem: 'postgresql', serverAddress: 'pg-1', startMs: 1, endMs: 2 }),
      client({ kind: SpanKind.PRODUCER, messagingSystem: 'kafka', messagingDestination: 'orders', serverAddress: 'broker-3', startMs: 1, endMs: 2 }),
      client({ spanId: 'e1', serverAddress: 'api.stripe.com', serverPort: 443, startMs: 1, endMs: 40 }),
      client({ spanId: 'e2', peerAddress: '203.0.113.7', peerPort: 8080, startMs: 1, endMs: 40 }),
    ] }));
    const out = agg.flushAll();
    const kinds = Object.fromEntries(out.edges.map((e) => [e.callee, e.calleeKind]));
    expect(kinds).toEqual({ ledger: 'database', 'kafka:orders': 'external', 'api.stripe.com': 'external', '203.0.113.7:8080': 'external' });
  });
});
