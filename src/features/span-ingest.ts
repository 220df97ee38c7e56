/**
 * Spans → request series, self time, edges and callee rows. The hot path: no allocation per span
 * beyond map entries and the histogram bins.
 */
import { SpanKind, type NodeKind, type SpanRecord } from '../core/index.js';
import type { AggregatorState } from './aggregator-state.js';
import { strongCallee, weakCallee, type CalleeSlot } from './callee-names.js';
import type { NodeState, WindowAcc } from './service-state.js';
import { SeriesAcc } from './series-acc.js';
import type { LateCounts } from './aggregator-types.js';

const slot: CalleeSlot = { name: '', kind: 'service' };

function isRequest(s: SpanRecord): boolean {
  return s.kind === SpanKind.SERVER || s.kind === SpanKind.CONSUMER || s.parentSpanId === '';
}

export function ingestSpans(st: AggregatorState, spans: readonly SpanRecord[], late: LateCounts): void {
  const maxOps = st.cfg.maxOperations;
  let skip: Uint8Array | null = null;
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i];
    const node = st.reporter(s.service);
    node.see(s.startMs);
    const ws = st.windowStart(s.startMs);
    if (ws < node.closedBefore) {
      if (ws < node.restoredBefore) late.replayed++;
      else late.spans++;
      if (s.kind === SpanKind.CLIENT || s.kind === SpanKind.PRODUCER) calleeStillOpen(st, s);
      continue;
    }
    const w = node.window(ws);
    if (!st.firstSighting(w, s)) {
      late.duplicateSpans++;
      (skip ??= new Uint8Array(spans.length))[i] = 1;
      continue;
    }
    const dur = s.endMs - s.startMs;
    const kind = s.kind;
    if (isRequest(s)) {
      const err = s.statusCode === 2 || (kind === SpanKind.SERVER && (s.httpStatus ?? 0) >= 500);
      const op = w.op(s.name, maxOps);
      w.all.request(dur, err);
      op.request(dur, err);
      const childMs = st.selfTime.parent(s, op);
      if (childMs > 0) {
        w.all.selfTime -= childMs;
        op.selfTime -= childMs;
      }
      if (s.parentSpanId !== '' && (kind === SpanKind.SERVER || kind === SpanKind.CONSUMER)) onServer(st, s);
    }
    if (kind === SpanKind.CLIENT || kind === SpanKind.PRODUCER) onClient(st, s, w, dur);
  }
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i];
    if (isRequest(s) || (skip !== null && skip[i] === 1)) continue;
    const node = st.nodes.get(s.service);
    if (node === undefined || st.windowStart(s.startMs) < node.closedBefore) continue;
    st.selfTime.child(s);
  }
}

function isError(s: SpanRecord): boolean {
  return s.statusCode === 2 || (s.httpStatus ?? 0) >= 500;
}

function onClient(st: AggregatorState, s: SpanRecord, w: WindowAcc, dur: number): void {
  if (strongCallee(s, slot)) {
    st.pairing.takeServer(s.spanId);
    recordCall(st, w, s, slot.name, slot.kind, dur);
    return;
  }
  const serverService = st.pairing.takeServer(s.spanId);
  if (serverService !== undefined) {
    if (serverService !== s.service) recordCall(st, w, s, serverService, 'service', dur);
    return;
  }
  st.pairing.holdClient(s);
}

function onServer(st: AggregatorState, s: SpanRecord): void {
  const client = st.pairing.takeClient(s.parentSpanId);
  if (client === undefined) {
    st.pairing.holdServer(s);
    return;
  }
  if (client.service === s.service) return;
  const w = callerWindow(st, client);
  if (w !== undefined) recordCall(st, w, client, s.service, 'service', client.endMs - client.startMs);
}

function callerWindow(st: AggregatorState, client: SpanRecord): WindowAcc | undefined {
  return st.nodes.get(client.service)?.windows.get(st.windowStart(client.startMs));
}

/** A client span that found no server span: named by rpc.service / server.address, or dropped. */
export function resolveUnpaired(st: AggregatorState, client: SpanRecord): void {
  if (!weakCallee(client, st.known, slot)) return;
  const w = callerWindow(st, client);
  if (w !== undefined) recordCall(st, w, client, slot.name, slot.kind, client.endMs - client.startMs);
}

/**
 * One call on the caller's edge. Databases and external nodes also get a request row of their own
 * (the calls they served), with their own watermark; a reporting service only has its lastSeen moved,
 * never its watermark, so a caller's clock cannot make the callee's own data late.
 */
function recordCall(st: AggregatorState, w: WindowAcc, s: SpanRecord, calleeName: string, calleeKind: NodeKind, dur: number): void {
  const err = isError(s);
  // Beyond the per-window callee budget, calls go to one `__other__` external node (bounded nodes and edges).
  const callee = w.edgeKey(calleeName, st.cfg.maxEdges);
  const kind: NodeKind = callee === calleeName ? calleeKind : 'external';
  const edge = w.edge(callee, kind);
  edge.record(dur);
  if (err) edge.errors++;
  const node = st.node(callee, kind);
  if (node.reporting || kind === 'service') {
    if (s.startMs > node.lastSeen) node.lastSeen = s.startMs;
    node.dirty = true;
    // The callers' view of the service, in its window by the call's start, late by the service's own clock. Kept
    // for a service that does not report here too: under scale-out its own spans may sit in another partition.
    const ws = st.windowStart(s.startMs);
    if (ws >= node.closedBefore) (node.callersWindow(ws).callers ??= new SeriesAcc()).request(dur, err);
    return;
  }
  countServed(st, node, kind, s, dur, err);
}

/**
 * One call in a database or external node's own row, on its own clock; a call it already counted (a late copy, see
 * calleeStillOpen) is not counted again.
 */
function countServed(st: AggregatorState, node: NodeState, kind: NodeKind, s: SpanRecord, dur: number, err: boolean): void {
  node.kind = kind;
  node.seq++;
  node.see(s.startMs);
  const ws = st.windowStart(s.startMs);
  if (ws < node.closedBefore) return;
  const w = node.window(ws);
  if (st.firstSighting(w, s)) w.all.request(dur, err);
}

/**
 * A client span late for its caller may still be on time for its callee: a database or external node has its own
 * clock, moved by the calls it serves, and runs a window behind its callers. The call then counts in the callee's own
 * row only (the caller's window and edge are written). After a crash this is how the replay rebuilds a callee window
 * that was still open — it is in no snapshot, and its callers' windows refuse the replayed spans as written.
 */
function calleeStillOpen(st: AggregatorState, s: SpanRecord): void {
  if (!strongCallee(s, slot) || slot.kind === 'service') return;
  const node = st.node(slot.name, slot.kind);
  if (node.reporting || st.windowStart(s.startMs) < node.closedBefore) return;
  countServed(st, node, slot.kind, s, s.endMs - s.startMs, isError(s));
}
