/**
 * Client/server span pairing, as the Collector's servicegraph connector does: a CLIENT (or PRODUCER)
 * span and a SERVER (or CONSUMER) span whose parent is that client span describe one call. Either
 * side may arrive first, so each waits in a bounded map. Clients wait until their caller window closes
 * (the aggregator sweeps them then) or until pushed out by newer ones, and are then named from their
 * own attributes; servers simply expire, by event time or by size.
 */
import type { SpanRecord } from '../core/index.js';
import { GenerationalMap } from './generational-map.js';

export class CallPairing {
  /** spanId of a client span → the span, waiting for its server. */
  readonly clients: GenerationalMap<SpanRecord>;
  /** parentSpanId of a server span → its service, waiting for its client (the span is not kept alive). */
  private readonly servers: GenerationalMap<string>;

  constructor(maxPending: number, horizonMs: number, onClientDropped: (client: SpanRecord) => void) {
    const generation = Math.max(1, Math.ceil(maxPending / 2));
    this.clients = new GenerationalMap(generation, Infinity, onClientDropped);
    this.servers = new GenerationalMap(generation, horizonMs);
  }

  /** Service of the server span caused by this client span, if it arrived first. */
  takeServer(clientSpanId: string): string | undefined {
    return this.servers.take(clientSpanId);
  }

  takeClient(parentSpanId: string): SpanRecord | undefined {
    return this.clients.take(parentSpanId);
  }

  holdClient(span: SpanRecord): void {
    this.clients.set(span.spanId, span);
  }

  holdServer(span: SpanRecord): void {
    this.servers.set(span.parentSpanId, span.service, span.startMs);
  }
}
