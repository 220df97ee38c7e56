import { describe, expect, it } from 'vitest';
import { decodeTraces } from '../../src/ingest/otlp/decode-traces.js';

const NOW = Date.UTC(2026, 0, 1, 12);
const opts = { nowMs: NOW, maxFutureSkewMs: 600_000 };
const str = (stringValue: string) => ({ stringValue });
const int = (intValue: number) => ({ intValue });

function decodeOne(attributes: { key: string; value: object }[], resource: { key: string; value: object }[] = []) {
  const req = {
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: str('checkout') }, ...resource] },
      scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'q', kind: 3, startTimeUnixNano: String((NOW - 1000) * 1e6), endTimeUnixNano: String((NOW - 900) * 1e6), attributes }] }],
    }],
  };
  return decodeTraces(req, 'json', opts).spans[0];
}

describe('decodeTraces: peer attributes, stable and old names', () => {
  it('reads the stable names', () => {
    expect(decodeOne([
      { key: 'db.system.name', value: str('postgresql') }, { key: 'db.namespace', value: str('orders') },
      { key: 'server.address', value: str('orders-db') }, { key: 'server.port', value: int(5432) },
      { key: 'network.peer.address', value: str('10.0.0.4') }, { key: 'network.peer.port', value: int(5432) },
      { key: 'service.peer.name', value: str('orders-pg') },
    ], [{ key: 'service.version', value: str('1.4.2') }, { key: 'k8s.replicaset.name', value: str('checkout-5d9c7f8b6') }])).toMatchObject({
      dbSystem: 'postgresql', dbName: 'orders', serverAddress: 'orders-db', serverPort: 5432, peerAddress: '10.0.0.4', peerPort: 5432,
      peerService: 'orders-pg', serviceVersion: '1.4.2', serviceRevision: 'checkout-5d9c7f8b6',
    });
  });

  it('falls back to the old names, and to the host of a URL without its credentials', () => {
    expect(decodeOne([
      { key: 'db.system', value: str('mysql') }, { key: 'db.name', value: str('billing') },
      { key: 'net.peer.name', value: str('billing-db') }, { key: 'net.peer.port', value: int(3307) },
      { key: 'net.sock.peer.addr', value: str('10.0.0.5') },
      { key: 'messaging.system', value: str('kafka') }, { key: 'messaging.destination', value: str('invoices') },
    ])).toMatchObject({ dbSystem: 'mysql', dbName: 'billing', serverAddress: 'billing-db', serverPort: 3307, peerAddress: '10.0.0.5', messagingSystem: 'kafka', messagingDestination: 'invoices' });
    const viaUrl = decodeOne([{ key: 'http.url', value: str('https://key:secret@api.stripe.com:8443/v1/charges') }]);
    expect(viaUrl).toMatchObject({ serverAddress: 'api.stripe.com', serverPort: 8443 });
    expect(JSON.stringify(viaUrl)).not.toContain('secret');
    expect(decodeOne([{ key: 'server.address', value: str('a') }, { key: 'url.full', value: str('https://b/') }]).serverAddress).toBe('a');
  });
});
