import { SpanKind, type LogRecord, type SpanRecord, type SpanStatusCode } from '../core/telemetry.js';
import { NO_SERVICE_EFFECTS, type MinuteEffects } from './faults.js';
import type { Rng } from './random.js';
import type { SimCall, SimDatabase, SimExternal, SimOperation, SimService, Topology } from './types.js';
import { MinuteStats } from './minute-stats.js';
import { errorMessage } from './log-text.js';
import { dbSpanAttributes, peerServiceOnDbSpans } from './db-instances.js';
import { drawOwnWork } from './heavy-tails.js';

const us = (ms: number) => Math.round(ms * 1000) / 1000;

/** Indexes of the topology built once per simulation. */
export interface TopologyIndex {
  topo: Topology;
  services: Map<string, SimService>;
  ops: Map<string, SimOperation>;
  dbs: Map<string, SimDatabase>;
  externals: Map<string, SimExternal>;
}

export function indexTopology(topo: Topology): TopologyIndex {
  const ops = new Map<string, SimOperation>();
  for (const s of topo.services) for (const op of s.operations) ops.set(`${s.name} ${op.name}`, op);
  return {
    topo,
    services: new Map(topo.services.map((s) => [s.name, s])),
    ops,
    dbs: new Map(topo.databases.map((d) => [d.name, d])),
    externals: new Map(topo.externals.map((e) => [e.name, e])),
  };
}

interface Outcome { endMs: number; error: boolean; httpStatus?: number; fastFail?: boolean }

/**
 * Generates the spans of one request by walking the call tree: a SERVER span per service hop, a CLIENT
 * span per outgoing call. A parent's duration is its own work plus its sequential children plus the longest
 * of each parallel group; failures propagate upward with the caller's propagation probability.
 */
export class TraceWalker {
  private readonly peerOnDb: boolean;

  constructor(
    private readonly ix: TopologyIndex,
    private readonly fx: MinuteEffects,
    private readonly r: Rng,
    readonly spans: SpanRecord[],
    readonly logs: LogRecord[],
    readonly stats: MinuteStats,
  ) {
    this.peerOnDb = peerServiceOnDbSpans(ix.topo);
  }

  request(entry: SimService, op: SimOperation, startMs: number): Outcome {
    return this.server(entry, op, startMs, '', this.r.hexId(16));
  }

  private server(svc: SimService, op: SimOperation, start: number, parentSpanId: string, traceId: string): Outcome {
    const r = this.r;
    const spanId = r.hexId(8);
    const e = this.fx.services.get(svc.name) ?? NO_SERVICE_EFFECTS;
    const own = drawOwnWork(r, op) * e.latencyMult;
    let t = start + own * 0.3;
    let groupStart = -1;
    let groupEnd = t;
    let dependencyFailed = false;
    for (const call of op.calls) {
      if (call.probability < 1 && !r.chance(call.probability)) continue;
      for (let k = 0; k < call.repeat; k++) {
        let s: number;
        if (call.parallel) {
          if (groupStart < 0) groupStart = t;
          s = groupStart;
        } else {
          t = Math.max(t, groupEnd);
          groupStart = -1;
          s = t;
        }
        const res = this.client(svc, call, s, spanId, traceId);
        if (call.parallel) groupEnd = Math.max(groupEnd, res.endMs);
        else t = res.endMs;
        if (res.error && r.chance(svc.propagation * (res.fastFail ? 0.3 : 1))) dependencyFailed = true;
      }
    }
    const end = Math.max(t, groupEnd) + own * 0.7;
    const ownFailure = r.chance(op.baseErrorRate + e.errorRate);
    const error = ownFailure || dependencyFailed;
    const httpStatus = op.protocol === 'http' ? (error ? (ownFailure ? 500 : 503) : 200) : undefined;
    this.spans.push({
      traceId, spanId, parentSpanId, service: svc.name, name: op.name, kind: SpanKind.SERVER,
      startMs: us(start), endMs: us(end), statusCode: error ? 2 : 0,
      rpcService: op.rpcService, httpStatus, serviceVersion: e.version ?? svc.version,
    });
    this.stats.server(svc.name, op, end - start, error);
    if (error) this.log(svc.name, end, 17, errorMessage(svc, op, e, ownFailure, r), traceId);
    return { endMs: end, error, httpStatus };
  }

  private client(svc: SimService, call: SimCall, start: number, parentSpanId: string, traceId: string): Outcome {
    const r = this.r;
    const spanId = r.hexId(8);
    const span: SpanRecord = {
      traceId, spanId, parentSpanId, service: svc.name, name: call.operation, kind: SpanKind.CLIENT,
      startMs: us(start), endMs: 0, statusCode: 0, serviceVersion: this.fx.services.get(svc.name)?.version ?? svc.version,
    };
    this.spans.push(span);
    const op = call.kind === 'service' ? this.ix.ops.get(`${call.target} ${call.operation}`)! : undefined;
    span.rpcService = op?.rpcService;
    if (call.kind === 'external') span.serverAddress = this.ix.externals.get(call.target)!.address;
    if (call.kind === 'database') {
      Object.assign(span, dbSpanAttributes(this.ix.dbs.get(call.target)!, this.peerOnDb));
    }
    let out: Outcome;
    if (this.fx.circuitOpen.has(call.target)) {
      out = { endMs: start + r.uniform(0.05, 0.3), error: true, httpStatus: 503, fastFail: true };
    } else {
      // A degraded interface on the callee (ingress) delays its responses; on the caller (egress) its requests.
      const wire = this.fx.network.get(call.target) ?? this.fx.network.get(svc.name);
      const delay = wire ? Math.max(0, wire.delayMs + wire.jitterMs * (2 * r.next() - 1)) : 0;
      const egress = wire !== undefined && this.fx.network.has(svc.name);
      if (wire && r.chance(wire.lossRate)) return this.finish(svc, call, span, start, this.lost(svc, call, start, delay, traceId));
      out = this.reach(svc, call, op, spanId, egress ? start + delay : start, traceId);
      if (wire && !egress) out.endMs += delay;
    }
    return this.finish(svc, call, span, start, out);
  }

  /** The callee's side of a call that arrives: a database query, an external API, or a service hop. */
  private reach(svc: SimService, call: SimCall, op: SimOperation | undefined, callSpanId: string, start: number, traceId: string): Outcome {
    const r = this.r;
    if (call.kind === 'database') return this.database(svc, this.ix.dbs.get(call.target)!, start, traceId);
    if (call.kind === 'external') {
      const ext = this.ix.externals.get(call.target)!;
      const error = r.chance(ext.errorRate);
      return { endMs: start + r.lognormal(ext.medianMs, 0.3), error, httpStatus: error ? 502 : 200 };
    }
    const res = this.server(this.ix.services.get(call.target)!, op!, start + r.uniform(0.2, 0.8), callSpanId, traceId);
    return { endMs: res.endMs + r.uniform(0.2, 0.8), error: res.error, httpStatus: res.httpStatus };
  }

  /**
   * A call lost on a degraded wire never reaches the callee: most wait for the caller's timeout (retransmits
   * that never get through), the rest see the connection reset after one round trip.
   */
  private lost(svc: SimService, call: SimCall, start: number, delay: number, traceId: string): Outcome {
    if (this.r.chance(0.6)) return { endMs: start + svc.timeoutMs + this.r.uniform(0.1, 1), error: true };
    const end = start + delay + this.r.uniform(1, 30);
    this.log(svc.name, end, 13, `call to ${call.target} failed: connection reset by peer`, traceId);
    return { endMs: end, error: true };
  }

  /** Peer attributes, the client timeout, and the span's end and status. */
  private finish(svc: SimService, call: SimCall, span: SpanRecord, start: number, result: Outcome): Outcome {
    const traceId = span.traceId;
    let out = result;
    if (call.kind !== 'database' && (call.kind === 'external' || this.ix.topo.peerServiceOnClientSpans)) span.peerService = call.target;
    if (call.kind !== 'database' && out.endMs - start > svc.timeoutMs) {
      out = { endMs: start + svc.timeoutMs, error: true };
      this.log(svc.name, out.endMs, 13, `call to ${call.target} timed out after ${svc.timeoutMs} ms`, traceId);
    }
    span.endMs = us(out.endMs);
    span.statusCode = (out.error ? 2 : 0) as SpanStatusCode;
    if (out.httpStatus !== undefined && span.rpcService === undefined && call.kind !== 'database') span.httpStatus = out.httpStatus;
    return out;
  }

  private database(svc: SimService, db: SimDatabase, start: number, traceId: string): Outcome {
    const r = this.r;
    const fx = this.fx.dbs.get(db.name);
    const duration = r.lognormal(db.medianMs, 0.35) * (fx?.latencyMult ?? 1);
    const error = r.chance(0.0005 + (fx?.errorRate ?? 0));
    const end = start + duration;
    this.stats.dbCall(svc.name, db.name, duration);
    if (error) {
      const why = fx ? 'timeout acquiring connection from pool' : 'query failed: deadlock detected';
      this.log(svc.name, end, 17, `${db.system} ${db.address ?? db.namespace}: ${why}`, traceId);
    }
    return { endMs: end, error };
  }

  private log(service: string, timeMs: number, severityNumber: number, body: string, traceId: string): void {
    this.logs.push({ service, timeMs: us(timeMs), severityNumber, severityText: severityNumber >= 17 ? 'ERROR' : severityNumber >= 13 ? 'WARN' : 'INFO', body, traceId });
  }
}
