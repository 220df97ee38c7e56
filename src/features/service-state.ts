/**
 * Per-node state of the aggregator: open windows, event-time watermark, and the boundary below which
 * windows are closed. Services, databases and external nodes share it (the latter two get rows
 * built from the client spans that call them).
 */
import type { NodeKind } from '../core/index.js';
import { EdgeAcc, SeriesAcc } from './series-acc.js';

/** Operation under which span names beyond the per-window cap are merged (cardinality guard). */
export const OTHER_OPERATIONS = '__other__';

export class WindowAcc {
  readonly all = new SeriesAcc();
  ops: Map<string, SeriesAcc> | null = null;
  edges: Map<string, EdgeAcc> | null = null;
  /** Calls into this service as its callers' client spans measured them (row `CALLERS_OPERATION`, src/core). */
  callers: SeriesAcc | null = null;
  /** The node's own telemetry touched this window (else only its callers did: it closes with the callers' row alone). */
  own = false;
  /** `traceId + spanId` of the spans counted in this window (duplicate guard; dropped when the window closes). */
  spanIds: Set<string> | null = null;

  constructor(readonly start: number) {}

  op(name: string, maxOps: number): SeriesAcc {
    let ops = this.ops;
    if (ops === null) ops = this.ops = new Map();
    let acc = ops.get(name);
    if (acc === undefined) {
      const key = ops.size >= maxOps ? OTHER_OPERATIONS : name;
      acc = ops.get(key);
      if (acc === undefined) {
        acc = new SeriesAcc();
        acc.owner = this.all;
        ops.set(key, acc);
      }
    }
    return acc;
  }

  /** The callee name an edge is kept under: itself, or `__other__` once `maxEdges` callees exist in this window. */
  edgeKey(callee: string, maxEdges: number): string {
    const edges = this.edges;
    if (edges === null || edges.has(callee) || edges.size < maxEdges) return callee;
    return OTHER_OPERATIONS;
  }

  edge(callee: string, kind: NodeKind): EdgeAcc {
    let edges = this.edges;
    if (edges === null) edges = this.edges = new Map();
    let acc = edges.get(callee);
    if (acc === undefined) {
      acc = new EdgeAcc(kind);
      edges.set(callee, acc);
    }
    return acc;
  }

  series(): number {
    return (this.own ? 1 : 0) + (this.ops === null ? 0 : this.ops.size) + (this.edges === null ? 0 : this.edges.size) + (this.callers === null ? 0 : 1);
  }
}

export class NodeState {
  kind: NodeKind;
  watermark = -Infinity;
  lastSeen = -Infinity;
  /** Windows starting before this are closed (written); data for them is late. */
  closedBefore = -Infinity;
  /** The `closedBefore` restored at start: windows before it were written by an earlier run. */
  restoredBefore = -Infinity;
  readonly windows = new Map<number, WindowAcc>();
  /** Add calls that touched this node, and what flushIdle saw last (wall-clock idleness without a clock). */
  seq = 0;
  seenSeq = -1;
  lastActiveWall = NaN;
  /** Whether the node sent telemetry itself (a "known service"), rather than only being called. */
  reporting = false;
  /** Node touched since the last drain (its GraphNode is emitted again). */
  dirty = false;
  private cachedStart = NaN;
  private cached: WindowAcc | null = null;

  constructor(readonly name: string, kind: NodeKind) {
    this.kind = kind;
  }

  see(t: number): void {
    if (t > this.watermark) this.watermark = t;
    if (t > this.lastSeen) this.lastSeen = t;
    this.dirty = true;
  }

  /** The open window starting at `start` for the node's own telemetry (created on demand); callers check lateness first. */
  window(start: number): WindowAcc {
    if (start === this.cachedStart && this.cached !== null) return this.cached;
    let w = this.windows.get(start);
    if (w === undefined) {
      w = new WindowAcc(start);
      this.windows.set(start, w);
    }
    w.own = true;
    this.cachedStart = start;
    this.cached = w;
    return w;
  }

  /**
   * The open window starting at `start` for the calls into the node (its callers' view), created on demand without
   * counting as the node's own telemetry; the watermark is not moved. Callers check lateness first.
   */
  callersWindow(start: number): WindowAcc {
    let w = this.windows.get(start);
    if (w === undefined) {
      w = new WindowAcc(start);
      this.windows.set(start, w);
    }
    return w;
  }

  /** Removes and returns the open windows starting before `boundary`, oldest first. */
  takeBefore(boundary: number): WindowAcc[] {
    const out: WindowAcc[] = [];
    for (const [start, w] of this.windows) {
      if (start < boundary) out.push(w);
    }
    for (const w of out) this.windows.delete(w.start);
    if (this.cached !== null && this.cached.start < boundary) this.cached = null;
    if (boundary > this.closedBefore) this.closedBefore = boundary;
    return out.sort((a, b) => a.start - b.start);
  }
}
