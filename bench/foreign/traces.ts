/**
 * Turns one request at the frontend-proxy into spans through the official OpenTelemetry JS SDK: a SERVER span per
 * callee, a CLIENT span per call on the caller (PRODUCER for Kafka, CONSUMER spans on its consumers), explicit
 * start and end times (event time is backfilled), current semantic-convention attributes, ERROR status on failures.
 * Faults change what the spans say, nothing else: the product sees only the telemetry.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import type { Rng } from './rng.js';
import type { Fault } from './scenario.js';
import { DATABASES, type Call, type Latency, type Operation, type Service } from './topology.js';

export interface TraceEnv {
  rng: Rng;
  services: ReadonlyMap<string, Service>;
  /** The tracer of a service at this moment (its version may be rolling out). */
  tracer(service: string, atMs: number): Tracer;
  fault: Fault | undefined;
  /** This minute's latency level per service (per-minute jitter, shared by its requests). */
  jitter: ReadonlyMap<string, number>;
  /** Stop-the-world pauses this minute: requests arriving inside one wait for its end. */
  pauses: ReadonlyMap<string, readonly [number, number]>;
  /** Counts spans made, for the check against what the receiver accepted. */
  spans: { n: number };
}

interface Outcome { end: number; error: boolean; refused?: boolean }

const draw = (rng: Rng, l: Latency): number =>
  l.pareto && rng.chance(l.pareto.share) ? rng.pareto(l.median, l.pareto.alpha) : rng.lognormal(l.median, l.sigma);

/** What the active fault does to a service's own work (nothing when it targets another). */
function serverEffect(env: TraceEnv, service: string): { factor: number; extra: number; fail: number } {
  const f = env.fault;
  if (!f || f.target !== service || f.kind === 'network' || f.kind === 'db') return { factor: 1, extra: 0, fail: 0 };
  return f.effect;
}

function start(env: TraceEnv, service: string, name: string, kind: SpanKind, at: number, attributes: Attributes, parent: Context): Span {
  env.spans.n++;
  return env.tracer(service, at).startSpan(name, { kind, startTime: at, attributes }, parent);
}

function finish(span: Span, end: number, error: boolean, message?: string): void {
  if (error) span.setStatus({ code: SpanStatusCode.ERROR, message });
  span.end(end);
}

/** A request served by `service`'s operation `op`, arriving at `at`, under `parent`. */
function serve(env: TraceEnv, service: string, op: Operation, at: number, parent: Context): Outcome {
  const svc = env.services.get(service)!;
  const attrs: Attributes = op.protocol === 'grpc'
    ? { 'rpc.system': 'grpc', 'rpc.service': op.rpcService!, 'rpc.method': op.method!, 'server.address': service, 'server.port': svc.port }
    : { 'http.request.method': op.method!, 'http.route': op.route!, 'url.path': op.route!.replace('[productId]', 'OLJCESPC7Z'), 'url.scheme': 'http', 'server.address': service, 'server.port': svc.port };
  const span = start(env, service, op.name, SpanKind.SERVER, at, attrs, parent);
  const ctx = trace.setSpan(ROOT_CONTEXT, span);
  const eff = serverEffect(env, service);
  const pause = env.pauses.get(service);
  const paused = pause && at >= pause[0] && at < pause[1] ? pause[1] - at : 0;
  const self = draw(env.rng, op.self) * (env.jitter.get(service) ?? 1) * eff.factor + eff.extra + paused;
  let t = at + self * 0.3;
  let childFailed = false;
  for (const call of op.calls) {
    const r = callOut(env, service, call, t, ctx);
    t = r.end + 0.05;
    childFailed ||= r.error;
  }
  const end = t + self * 0.7;
  const error = env.rng.chance(eff.fail) || (childFailed && env.rng.chance(op.propagate ?? 0.8));
  const refused = !error && op.refuse !== undefined && env.rng.chance(op.refuse);
  if (op.protocol === 'grpc') span.setAttribute('rpc.grpc.status_code', error ? 13 : refused ? 3 : 0);
  else span.setAttribute('http.response.status_code', error ? 500 : refused ? 404 : 200);
  finish(span, end, error, error ? 'internal error' : undefined);
  return { end, error, refused };
}

function times(env: TraceEnv, t: readonly [number, number] | undefined): number {
  return t ? env.rng.int(t[0], t[1]) : 1;
}

function callOut(env: TraceEnv, caller: string, call: Call, at: number, ctx: Context): Outcome {
  let t = at;
  let error = false;
  if (call.kind === 'publish') return publish(env, caller, call.topic, at, ctx);
  if (call.kind === 'service' && call.p !== undefined && !env.rng.chance(call.p)) return { end: at, error: false };
  const n = times(env, call.times);
  for (let i = 0; i < n; i++) {
    const r = call.kind === 'db' ? query(env, caller, call, t, ctx) : rpc(env, caller, call, t, ctx);
    t = r.end + 0.02;
    error ||= r.error;
  }
  return { end: t, error };
}

/** A CLIENT span on the caller, the callee's SERVER span inside it; the wire time is on the client span only. */
function rpc(env: TraceEnv, caller: string, call: Extract<Call, { kind: 'service' }>, at: number, ctx: Context): Outcome {
  const callee = env.services.get(call.to)!;
  const op = callee.ops[call.op]!;
  const attrs: Attributes = op.protocol === 'grpc'
    ? { 'rpc.system': 'grpc', 'rpc.service': op.rpcService!, 'rpc.method': op.method!, 'server.address': call.to, 'server.port': callee.port }
    : { 'http.request.method': op.method!, 'server.address': call.to, 'server.port': callee.port, 'url.full': `http://${call.to}:${callee.port}${op.route!}` };
  const name = op.protocol === 'grpc' ? op.name : op.method!;
  const span = start(env, caller, name, SpanKind.CLIENT, at, attrs, ctx);
  const f = env.fault;
  // Network delay into the callee: both directions of the wire, seen only by the caller's CLIENT span.
  const delay = f?.kind === 'network' && f.target === call.to ? env.rng.lognormal(f.effect.delayMs, 0.4) : 0;
  const wire = env.rng.lognormal(0.35, 0.5);
  const served = serve(env, call.to, op, at + wire + delay / 2, trace.setSpan(ROOT_CONTEXT, span));
  const end = served.end + wire + delay / 2;
  if (op.protocol === 'grpc') span.setAttribute('rpc.grpc.status_code', served.error ? 13 : served.refused ? 3 : 0);
  else span.setAttribute('http.response.status_code', served.error ? 500 : served.refused ? 404 : 200);
  // A client span is ERROR for any non-OK answer (4xx, INVALID_ARGUMENT included); the caller treats a refusal
  // (declined card) as a failed step of its own work with its propagate probability, like an error.
  finish(span, end, served.error || !!served.refused);
  return { end, error: served.error || !!served.refused, refused: served.refused };
}

/** A database CLIENT span (uninstrumented server: only the client reports). */
function query(env: TraceEnv, caller: string, call: Extract<Call, { kind: 'db' }>, at: number, ctx: Context): Outcome {
  const db = DATABASES[call.db]!;
  const f = env.fault;
  const slow = f?.kind === 'db' && f.target === call.db;
  const attrs: Attributes = {
    'db.system.name': db.system, 'db.operation.name': call.op, 'db.collection.name': call.collection,
    'server.address': db.address, 'server.port': db.port,
    ...(db.namespace ? { 'db.namespace': db.namespace, 'db.query.text': `${call.op} ... ${call.collection}` } : {}),
  };
  const name = db.system === 'redis' ? call.op : `${call.op} ${db.namespace}.${call.collection}`;
  const span = start(env, caller, name, SpanKind.CLIENT, at, attrs, ctx);
  const ms = slow ? draw(env.rng, db.latency) * f.effect.dbFactor + f.effect.dbExtra : draw(env.rng, db.latency);
  finish(span, at + ms, false);
  return { end: at + ms, error: false };
}

/** PRODUCER span on the publisher; each consumer group processes the message a little later (CONSUMER span). */
function publish(env: TraceEnv, caller: string, topic: string, at: number, ctx: Context): Outcome {
  const attrs: Attributes = { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.operation.type': 'send', 'messaging.operation.name': 'send', 'server.address': 'kafka', 'server.port': 9092 };
  const span = start(env, caller, `send ${topic}`, SpanKind.PRODUCER, at, attrs, ctx);
  const end = at + env.rng.lognormal(1.2, 0.6);
  finish(span, end, false);
  const pctx = trace.setSpan(ROOT_CONTEXT, span);
  for (const svc of env.services.values()) {
    if (!svc.consume) continue;
    const recv = end + env.rng.lognormal(25, 0.8);
    const cattrs: Attributes = { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.operation.type': 'process', 'messaging.operation.name': 'process', 'messaging.consumer.group.name': svc.consume.group };
    const cspan = start(env, svc.name, `process ${topic}`, SpanKind.CONSUMER, recv, cattrs, pctx);
    const cctx = trace.setSpan(ROOT_CONTEXT, cspan);
    const self = draw(env.rng, svc.consume.self);
    let t = recv + self * 0.5;
    for (const c of svc.consume.calls) t = callOut(env, svc.name, c, t, cctx).end + 0.05;
    finish(cspan, t + self * 0.5, false);
  }
  return { end, error: false };
}

/**
 * One page request: most start at the load generator (root CLIENT span), the rest at the frontend-proxy (a browser
 * nobody instruments); then the proxy's SERVER span, its CLIENT span to the frontend, and everything below.
 */
export function request(env: TraceEnv, page: string, at: number): void {
  const proxy = env.services.get('frontend-proxy')!;
  const op = env.services.get('frontend')!.ops[page]!;
  const path = op.route!.replace('[productId]', 'OLJCESPC7Z');
  let parent = ROOT_CONTEXT;
  let client: Span | undefined;
  let t = at;
  if (env.rng.chance(0.8)) {
    client = start(env, 'load-generator', op.method!, SpanKind.CLIENT, at, { 'http.request.method': op.method!, 'url.full': `http://frontend-proxy:8080${path}`, 'server.address': 'frontend-proxy', 'server.port': 8080 }, ROOT_CONTEXT);
    parent = trace.setSpan(ROOT_CONTEXT, client);
    t = at + env.rng.lognormal(0.5, 0.5);
  }
  const root = start(env, 'frontend-proxy', 'ingress', SpanKind.SERVER, t, { 'http.request.method': op.method!, 'url.path': path, 'url.scheme': 'http', 'server.address': 'frontend-proxy', 'server.port': 8080, 'user_agent.original': client ? 'python-requests/2.32' : 'Mozilla/5.0' }, parent);
  const self = draw(env.rng, proxy.ops.ingress!.self) * (env.jitter.get('frontend-proxy') ?? 1);
  const r = rpc(env, 'frontend-proxy', { kind: 'service', to: 'frontend', op: page }, t + self / 2, trace.setSpan(ROOT_CONTEXT, root));
  const status = r.error && !r.refused ? 500 : r.refused ? 404 : 200;
  root.setAttribute('http.response.status_code', status);
  const end = r.end + self / 2;
  finish(root, end, status >= 500);
  if (client) {
    client.setAttribute('http.response.status_code', status);
    finish(client, end + env.rng.lognormal(0.5, 0.5), status >= 400);
  }
}
