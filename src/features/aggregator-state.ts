/** Shared mutable state of one window aggregator (nodes, pairing maps, cumulative series). */
import { RESOLUTION_MS, type NodeKind, type Resolution, type SpanRecord } from '../core/index.js';
import { CallPairing } from './call-pairing.js';
import { KnownServices } from './callee-names.js';
import { CumulativeTracker } from './resource-acc.js';
import { SelfTimeTracker } from './self-time.js';
import { NodeState, type WindowAcc } from './service-state.js';

export interface AggregatorLimits {
  windowMs: number;
  allowedLatenessMs: number;
  maxOperations: number;
  maxPendingCalls: number;
  selfTimeGeneration: number;
  /** Callees per caller window; more fold into `__other__`. */
  maxEdges: number;
  /** Span ids remembered across all open windows for the duplicate guard; beyond it new ids are not remembered. */
  maxSpanIds: number;
}

export class AggregatorState {
  readonly nodes = new Map<string, NodeState>();
  readonly known = new KnownServices();
  readonly pairing: CallPairing;
  readonly selfTime: SelfTimeTracker;
  readonly cumulative = new CumulativeTracker();
  readonly resolution: Resolution;
  /** Span ids held by open windows' duplicate guards. */
  spanIds = 0;

  /** `onClientDropped`: names a client span pushed out of the pairing map without a server span. */
  constructor(onClientDropped: (client: SpanRecord) => void, readonly cfg: AggregatorLimits) {
    this.pairing = new CallPairing(cfg.maxPendingCalls, cfg.windowMs + cfg.allowedLatenessMs, onClientDropped);
    this.selfTime = new SelfTimeTracker(cfg.selfTimeGeneration);
    const match = (Object.keys(RESOLUTION_MS) as Resolution[]).find((r) => RESOLUTION_MS[r] === cfg.windowMs);
    this.resolution = match ?? '1m';
  }

  /** False when this span was already counted in window `w` (a resend); otherwise remembers it, within budget. */
  firstSighting(w: WindowAcc, s: SpanRecord): boolean {
    const key = s.traceId + s.spanId;
    let ids = w.spanIds;
    if (ids !== null && ids.has(key)) return false;
    if (this.spanIds >= this.cfg.maxSpanIds) return true;
    if (ids === null) ids = w.spanIds = new Set();
    ids.add(key);
    this.spanIds++;
    return true;
  }

  windowStart(t: number): number {
    const w = this.cfg.windowMs;
    return Math.floor(t / w) * w;
  }

  /** A node that sends its own telemetry (a known service). */
  reporter(name: string): NodeState {
    let n = this.nodes.get(name);
    if (n === undefined || !n.reporting) {
      n = this.node(name, 'service');
      n.kind = 'service';
      n.reporting = true;
      this.known.add(name);
    }
    n.seq++;
    return n;
  }

  /** A node known only as a callee (database, external, or an uninstrumented peer service). */
  node(name: string, kind: NodeKind): NodeState {
    let n = this.nodes.get(name);
    if (n === undefined) {
      n = new NodeState(name, kind);
      this.nodes.set(name, n);
    }
    return n;
  }

  /** Windows ending `allowedLateness` before the watermark are closed: start < this boundary. */
  watermarkBoundary(n: NodeState): number {
    return this.windowStart(n.watermark - this.cfg.allowedLatenessMs);
  }
}
