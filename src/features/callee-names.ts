/**
 * Naming the callee of a client span. Strong attributes (peer.service, db.*) name it at once; weak ones
 * (rpc.service, server.address) only when no server span could be paired with the call, because the
 * pairing yields the callee's own service.name, which is what feature rows and RCA use.
 */
import type { NodeKind, SpanRecord } from '../core/index.js';

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

/** Fills `out` from peer.service / db attributes; false when the span has neither. */
export function strongCallee(span: SpanRecord, out: CalleeSlot): boolean {
  if (span.dbSystem !== undefined || span.dbName !== undefined) {
    out.name = span.peerService ?? span.dbName ?? (span.dbSystem as string);
    out.kind = 'database';
    return true;
  }
  if (span.peerService !== undefined && span.peerService !== '') {
    out.name = span.peerService;
    out.kind = 'service';
    return true;
  }
  return false;
}

/** Fallback for an unpaired call: rpc.service, then server.address; external unless a known service. */
export function weakCallee(span: SpanRecord, known: KnownServices, out: CalleeSlot): boolean {
  const raw = span.rpcService || span.serverAddress;
  if (!raw) return false;
  const svc = known.match(raw);
  out.name = svc ?? raw;
  out.kind = svc === undefined ? 'external' : 'service';
  return true;
}
