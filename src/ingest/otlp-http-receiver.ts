/**
 * OTLP/HTTP receiver: POST /v1/traces, /v1/metrics, /v1/logs (https://opentelemetry.io/docs/specs/otlp/#otlphttp).
 * This file is the transport adapter only (routing, body limits); decoding and answers live in otlp-handler.ts.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../core/ports.js';
import type { AiopsMetrics } from '../obs/metrics.js';
import type { Logger } from '../obs/logger.js';
import type { IngestQueue } from './ingest-queue.js';
import type { IngestBudget } from './ingest-budget.js';
import { applyServerLimits, type ConnectionGate, type ServerLimits } from './server-limits.js';
import { createLoadShedder, type LoadShedder, type LoadShedderOptions } from './load-shed.js';
import { createOtlpHandler, SIGNAL_LABEL, type OtlpHandle, type OtlpResponse } from './otlp-handler.js';
import { CONTENT_TYPES, RpcCode, statusBody, type OtlpSignal } from './otlp/otlp-responses.js';
import { formatOf } from './otlp/request-body.js';
import type { OtlpFormat } from './otlp/decode-common.js';

export type { OtlpResponse } from './otlp-handler.js';

export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
export const DEFAULT_MAX_FUTURE_SKEW_MS = 10 * 60_000;

export interface OtlpHttpReceiverConfig {
  host: string;
  /** 0 = ephemeral (see `port()` after start). */
  port: number;
  /** Limit for the body as sent AND after decompression; default 8 MiB. */
  maxBodyBytes?: number;
  /** Items timed later than clock.now() + this are rejected; default 10 min. */
  maxFutureSkewMs?: number;
  /** Items timed earlier than clock.now() − this are rejected (`too_old`); default 7 days. */
  maxPastAgeMs?: number;
  /** When set, every request needs `Authorization: Bearer <token>` (401 otherwise); compared in constant time. */
  bearerToken?: string;
  /** Request, header and idle timeouts and the connection cap (defaults in server-limits.ts). */
  limits?: Partial<ServerLimits>;
  /** Requests in flight and event-loop delay above which new requests get 503 + Retry-After (load-shed.ts). */
  shedding?: LoadShedderOptions;
}

export interface OtlpHttpReceiverDeps {
  queue: IngestQueue;
  metrics: AiopsMetrics;
  logger: Logger;
  clock: Clock;
  budget?: IngestBudget;
}

export interface OtlpHttpReceiver {
  start(): Promise<void>;
  /** Stops accepting connections and closes idle ones; requests in progress finish. */
  stop(): Promise<void>;
  /** Bound port after start. */
  port(): number;
  /** Same handling without HTTP, for in-process use (Kafka consumer, tests, bench). */
  handle: OtlpHandle;
}

/** Seconds in `Retry-After` when the receiver sheds load: short, the overload is usually a burst. */
const RETRY_AFTER_OVERLOAD_S = '1';
const ROUTES: Record<string, OtlpSignal> = { '/v1/traces': 'traces', '/v1/metrics': 'metrics', '/v1/logs': 'logs' };

export function createOtlpHttpReceiver(cfg: OtlpHttpReceiverConfig, deps: OtlpHttpReceiverDeps): OtlpHttpReceiver {
  const maxBodyBytes = cfg.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const handle = createOtlpHandler({ maxBodyBytes, maxFutureSkewMs: cfg.maxFutureSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS, maxPastAgeMs: cfg.maxPastAgeMs }, deps);
  const tokenDigest = cfg.bearerToken ? sha256(cfg.bearerToken) : undefined;
  const log = deps.logger.child({ component: 'otlp-http' });
  let server: Server | undefined;
  let gate: ConnectionGate | undefined;
  let shedder: LoadShedder | undefined;

  function send(res: ServerResponse, r: OtlpResponse): void {
    res.writeHead(r.status, { ...r.headers, 'content-length': String(r.body.byteLength) });
    res.end(r.body);
  }

  /** Answers 413 without reading the rest of the body; the connection is closed once the answer is out. */
  function tooLarge(req: IncomingMessage, res: ServerResponse, signal: OtlpSignal): void {
    deps.metrics.rejected.inc({ signal: SIGNAL_LABEL[signal], reason: 'too_large' });
    const format = formatOf(req.headers['content-type']) ?? 'json';
    const body = statusBody(format, RpcCode.INVALID_ARGUMENT, `body exceeds ${maxBodyBytes} bytes`);
    res.writeHead(413, { 'content-type': CONTENT_TYPES[format], 'content-length': String(body.byteLength), connection: 'close' });
    res.end(body);
    req.resume();
  }

  /** The body, or why there is none: over the limit while streaming, or the client went away. */
  function readBody(req: IncomingMessage): Promise<Buffer | 'too_large' | 'aborted'> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (c: Buffer) => {
        size += c.length;
        if (size > maxBodyBytes) {
          req.off('data', onData);
          chunks.length = 0;
          resolve('too_large');
        } else chunks.push(c);
      };
      req.on('data', onData);
      req.on('end', () => resolve(Buffer.concat(chunks, size)));
      req.on('error', () => resolve('aborted'));
      req.on('close', () => {
        if (!req.complete) resolve('aborted');
      });
    });
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const signal = ROUTES[q === -1 ? url : url.slice(0, q)];
    const format = formatOf(req.headers['content-type']) ?? 'json';
    if (signal === undefined) {
      req.resume();
      return send(res, { status: 404, headers: { 'content-type': 'application/json' }, body: statusBody('json', RpcCode.NOT_FOUND, `no route for ${url.slice(0, 200)}`) });
    }
    if (req.method !== 'POST') {
      req.resume();
      const body = statusBody(format, RpcCode.UNIMPLEMENTED, `method ${req.method} not allowed; use POST`);
      return send(res, { status: 405, headers: { 'content-type': CONTENT_TYPES[format], allow: 'POST' }, body });
    }
    if (tokenDigest && !authorized(req.headers.authorization, tokenDigest)) {
      req.resume();
      deps.metrics.rejected.inc({ signal: SIGNAL_LABEL[signal], reason: 'unauthorized' });
      const body = statusBody(format, RpcCode.UNAUTHENTICATED, 'missing or wrong bearer token');
      return send(res, { status: 401, headers: { 'content-type': CONTENT_TYPES[format], 'www-authenticate': 'Bearer' }, body });
    }
    const shed = gate?.overCap() ? 'connections' : shedder?.refuse();
    if (shed) return unavailable(req, res, signal, format, shed);
    shedder?.enter();
    try {
      await readAndHandle(req, res, signal);
    } finally {
      shedder?.leave();
    }
  }

  /** 503 + Retry-After without reading the body (discarded); over the connection cap the connection is closed too. */
  function unavailable(req: IncomingMessage, res: ServerResponse, signal: OtlpSignal, format: OtlpFormat, reason: string): void {
    req.resume();
    deps.metrics.rejected.inc({ signal: SIGNAL_LABEL[signal], reason: `overloaded_${reason}` });
    deps.metrics.backpressure.inc();
    const body = statusBody(format, RpcCode.UNAVAILABLE, `receiver overloaded (${reason}), retry later`);
    const close: Record<string, string> = reason === 'connections' ? { connection: 'close' } : {};
    send(res, { status: 503, headers: { 'content-type': CONTENT_TYPES[format], 'retry-after': RETRY_AFTER_OVERLOAD_S, ...close }, body });
  }

  async function readAndHandle(req: IncomingMessage, res: ServerResponse, signal: OtlpSignal): Promise<void> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) return tooLarge(req, res, signal);
    const body = await readBody(req);
    if (body === 'too_large') return tooLarge(req, res, signal);
    if (body === 'aborted') return;
    const enc = req.headers['content-encoding'];
    send(res, await handle(signal, body, req.headers['content-type'] ?? '', Array.isArray(enc) ? enc.join(',') : enc));
  }

  function port(): number {
    const addr = server?.address();
    return addr && typeof addr === 'object' ? (addr as AddressInfo).port : 0;
  }

  return {
    handle,
    port,
    async start() {
      if (server) return;
      const s = createServer(applyServerLimits.options(cfg.limits), (req, res) => {
        onRequest(req, res).catch((e) => {
          log.error('otlp request failed', { err: e });
          if (!res.headersSent) send(res, { status: 500, headers: { 'content-type': 'application/json' }, body: statusBody('json', RpcCode.INTERNAL, 'internal error') });
          else res.destroy();
        });
      });
      server = s;
      gate = applyServerLimits(s, cfg.limits);
      shedder = createLoadShedder(cfg.shedding);
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(cfg.port, cfg.host, () => {
          s.off('error', reject);
          resolve();
        });
      });
      log.info('otlp/http receiver listening', { host: cfg.host, port: port() });
    },
    async stop() {
      const s = server;
      if (!s) return;
      server = undefined;
      shedder?.close();
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeIdleConnections();
      });
      log.info('otlp/http receiver stopped');
    },
  };
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** `Authorization: Bearer <token>` against the configured token; digests make the compare constant-time at any length. */
function authorized(header: string | undefined, digest: Buffer): boolean {
  if (!header) return false;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m !== null && timingSafeEqual(sha256(m[1]), digest);
}
