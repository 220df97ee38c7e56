/**
 * Which semantic-convention names a simulated service writes on the wire. Real fleets mix instrumentation
 * generations: `stable` (db.system.name, db.namespace, server.address/port, http.response.status_code) and `old`
 * (db.system, db.name, net.peer.name/port, http.status_code). The pipeline must name the same node either way.
 */
import type { SpanRecord } from '../core/telemetry.js';
import { rng, tag } from './random.js';
import type { AttributeDialect, SimService } from './types.js';

export function drawDialects(seed: number, services: readonly SimService[]): Record<string, AttributeDialect> {
  const r = rng(seed, tag('dialects'));
  return Object.fromEntries(services.map((s) => [s.name, r.chance(0.5) ? 'stable' : 'old'] as const));
}

type Attr = { key: string; value: Record<string, unknown> };
const str = (key: string, value: string): Attr => ({ key, value: { stringValue: value } });

/** Names per field; `undefined` dialect is the classic mix the simulator always wrote. */
const NAMES: Record<AttributeDialect | 'classic', { system: string; namespace: string; address: string; port: string; status: string }> = {
  classic: { system: 'db.system', namespace: 'db.namespace', address: 'server.address', port: 'server.port', status: 'http.response.status_code' },
  stable: { system: 'db.system.name', namespace: 'db.namespace', address: 'server.address', port: 'server.port', status: 'http.response.status_code' },
  old: { system: 'db.system', namespace: 'db.name', address: 'net.peer.name', port: 'net.peer.port', status: 'http.status_code' },
};

/** The span's peer and status attributes in its service's dialect (`int` renders integers for the wire format). */
export function peerAttributes(s: SpanRecord, dialect: AttributeDialect | undefined, int: (key: string, n: number) => Attr): Attr[] {
  const n = NAMES[dialect ?? 'classic'];
  const a: Attr[] = [];
  if (s.peerService !== undefined) a.push(str('peer.service', s.peerService));
  if (s.serverAddress !== undefined) a.push(str(n.address, s.serverAddress));
  if (s.serverPort !== undefined) a.push(int(n.port, s.serverPort));
  if (s.dbSystem !== undefined) a.push(str(n.system, s.dbSystem));
  if (s.dbName !== undefined) a.push(str(n.namespace, s.dbName));
  if (s.rpcService !== undefined) a.push(str('rpc.system', 'grpc'), str('rpc.service', s.rpcService));
  if (s.httpStatus !== undefined) a.push(int(n.status, s.httpStatus));
  return a;
}
