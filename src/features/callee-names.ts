/**
 * Naming the callee of a client span. Strong attributes (peer.service, db.*, messaging.*) name it at once;
 * weak ones (rpc.service, server.address, network.peer.address) only when no server span could be paired with
 * the call, because the pairing yields the callee's own service.name, which is what feature rows and RCA use.
 * The names themselves follow the scheme of node-names.ts.
 */
import type { NodeKind, SpanRecord } from '../core/index.js';
import { databaseNodeName, hostPort, messagingNodeName } from './node-names.js';
import { stripCredentials } from './strip-credentials.js';

/** Services that sent telemetry themselves, matched loosely against host names and RPC services. */
export class KnownServices {
  private readonly byNorm = new Map<string, string>();
  private readonly names = new Set<string>();

  add(name: string): void {
    if (this.names.has(name)) return;
    this.names.add(name);
    this.byNorm.set(normalize(name), name);
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  /** `cart.prod.svc:8080` → `cart`; `oteldemo.CartService` → `cart` when `cart` is known. */
  match(raw: string): string | undefined {
    if (this.names.has(raw)) return raw;
    const host = raw.split(':')[0];
    const firstLabel = host.split('.')[0];
    const lastSegment = raw.split('.').pop() ?? raw;
    for (const candidate of [host, firstLabel, lastSegment]) {
      const hit = this.byNorm.get(normalize(candidate));
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
}

function normalize(s: string): string {
  const n = s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return n.length > 7 && n.endsWith('service') ? n.slice(0, -7) : n;
}

/** Resolution result, reused to avoid an allocation per client span. */
export interface CalleeSlot {
  name: string;
  kind: NodeKind;
}

/**
 * Fills `out` from the attributes that name a callee by themselves (Tempo's precedence: peer.service first):
 * peer.service, then a database (db.system.name / db.namespace with server.address[:port] or the socket peer),
 * then a message destination (kind `external`: no telemetry of its own). False when the span has none.
 */
export function strongCallee(span: SpanRecord, out: CalleeSlot): boolean {
  const isDb = span.dbSystem !== undefined || span.dbName !== undefined;
  if (span.peerService !== undefined && span.peerService !== '') {
    out.name = stripCredentials(span.peerService);
    out.kind = isDb ? 'database' : 'service';
    return true;
  }
  if (isDb) {
    out.name = dbNames.get(span);
    out.kind = 'database';
    return true;
  }
  if (span.messagingSystem !== undefined && span.messagingDestination !== undefined && span.messagingDestination !== '') {
    out.name = messagingNodeName(span.messagingSystem, span.messagingDestination);
    out.kind = 'external';
    return true;
  }
  return false;
}

/**
 * Fallback for an unpaired call: rpc.service, then server.address[:port], then network.peer.address[:port];
 * external unless it matches a known service.
 */
export function weakCallee(span: SpanRecord, known: KnownServices, out: CalleeSlot): boolean {
  const host = span.serverAddress || span.peerAddress;
  const raw = span.rpcService || host;
  if (!raw) return false;
  const svc = known.match(raw);
  if (svc !== undefined) {
    out.name = svc;
    out.kind = 'service';
    return true;
  }
  out.name = raw === host ? hostPort(host, span.serverAddress ? span.serverPort : span.peerPort) : raw;
  out.kind = 'external';
  return true;
}

/**
 * Database names, memoised on the four attributes that make them: one client span per query would otherwise
 * build the same string again and again. A small ring, compared field by field, allocates nothing on a hit.
 */
class DbNameMemo {
  private readonly keys: (SpanRecord | undefined)[] = new Array(16).fill(undefined);
  private readonly names: string[] = new Array(16).fill('');
  private nextSlot = 0;

  get(s: SpanRecord): string {
    for (let i = 0; i < this.keys.length; i++) {
      const k = this.keys[i];
      if (k !== undefined && k.dbSystem === s.dbSystem && k.dbName === s.dbName && k.serverAddress === s.serverAddress
        && k.serverPort === s.serverPort && k.peerAddress === s.peerAddress && k.peerPort === s.peerPort) return this.names[i];
    }
    const viaServer = s.serverAddress !== undefined && s.serverAddress !== '';
    const name = databaseNodeName({
      system: s.dbSystem,
      host: viaServer ? s.serverAddress : s.peerAddress,
      port: viaServer ? s.serverPort : s.peerPort,
      namespace: s.dbName,
    });
    const slot = this.nextSlot;
    this.nextSlot = (slot + 1) % this.keys.length;
    // Keep only the fields compared, not the span (which would pin its strings and ids).
    this.keys[slot] = { dbSystem: s.dbSystem, dbName: s.dbName, serverAddress: s.serverAddress, serverPort: s.serverPort, peerAddress: s.peerAddress, peerPort: s.peerPort } as SpanRecord;
    this.names[slot] = name;
    return name;
  }
}

const dbNames = new DbNameMemo();
