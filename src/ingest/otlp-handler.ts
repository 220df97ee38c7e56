/**
 * Transport-neutral OTLP export handling: negotiate, decompress, decode, validate, enqueue, answer.
 * The HTTP receiver and in-process callers (Kafka consumer, tests, benches) share it. It never throws:
 * unexpected errors become a 500 and a log line.
 */
import type { Clock } from '../core/ports.js';
import { isAiopsError } from '../core/errors.js';
import { emptyBatch, type TelemetryBatch } from '../core/telemetry.js';
import type { AiopsMetrics } from '../obs/metrics.js';
import type { Logger } from '../obs/logger.js';
import type { IngestQueue } from './ingest-queue.js';
import type { OtlpFormat } from './otlp/decode-common.js';
import { decodeLogs } from './otlp/decode-logs.js';
import { decodeMetrics } from './otlp/decode-metrics.js';
import { decodeTraces } from './otlp/decode-traces.js';
import { CONTENT_TYPES, exportResponseBody, RpcCode, statusBody, type OtlpSignal } from './otlp/otlp-responses.js';
import { decompress, formatOf } from './otlp/request-body.js';
import { RejectTally, type RejectReason } from './otlp/decode-common.js';
import { createIngestBudget, type IngestBudget } from './ingest-budget.js';

export interface OtlpResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface OtlpHandlerOptions {
  maxBodyBytes: number;
  maxFutureSkewMs: number;
  /** Seconds in `Retry-After` when the queue is full (429) and when shutting down (503). */
  retryAfterFullS?: number;
  retryAfterClosedS?: number;
  /** `TelemetryBatch.source` and the `source` label of `aiops_received_total` (default `otlp-http`). */
  source?: string;
  /** Items older than now − this are rejected (`too_old`); default 7 days (the raw-window retention). */
  maxPastAgeMs?: number;
  /** Seconds in `Retry-After` when the service budget or the memory budget refuses a request (default 30). */
  retryAfterBudgetS?: number;
}

/**
 * Where decoded batches go: the ingest queue, or a transport's wrapper of it that may also answer 'held' — the
 * transport holds this batch back for now (the Kafka consumer's event-time alignment): 429, nothing counted as
 * rejected, the transport re-reads it later.
 */
export interface HandlerQueue {
  offer(batch: TelemetryBatch): ReturnType<IngestQueue['offer']> | 'held';
  depth(): number;
}

export interface OtlpHandlerDeps {
  queue: HandlerQueue;
  metrics: AiopsMetrics;
  logger: Logger;
  clock: Clock;
  /** Service-cardinality and heap budgets; one with the defaults when absent, so every transport is bounded. */
  budget?: IngestBudget;
}

export type OtlpHandle = (signal: OtlpSignal, body: Uint8Array, contentType: string, contentEncoding?: string) => Promise<OtlpResponse>;

/** `signal` label values of the ingest counters. */
export const SIGNAL_LABEL: Record<OtlpSignal, 'spans' | 'metrics' | 'logs'> = { traces: 'spans', metrics: 'metrics', logs: 'logs' };

interface Decoded {
  batch: TelemetryBatch;
  items: number;
  rejected: number;
  reasons: Record<string, number>;
  errorMessage?: string;
}

export function createOtlpHandler(opts: OtlpHandlerOptions, deps: OtlpHandlerDeps): OtlpHandle {
  const { queue, metrics, logger, clock } = deps;
  const retryFull = String(opts.retryAfterFullS ?? 1);
  const retryClosed = String(opts.retryAfterClosedS ?? 5);
  const source = opts.source ?? 'otlp-http';
  const retryBudget = String(opts.retryAfterBudgetS ?? 30);
  const budget = deps.budget ?? createIngestBudget();

  const reply = (format: OtlpFormat, status: number, body: Uint8Array, extra: Record<string, string> = {}): OtlpResponse => ({
    status, headers: { 'content-type': CONTENT_TYPES[format], ...extra }, body,
  });
  const fail = (signal: OtlpSignal, format: OtlpFormat, status: number, reason: string, code: number, message: string, extra?: Record<string, string>, n = 1): OtlpResponse => {
    metrics.rejected.inc({ signal: SIGNAL_LABEL[signal], reason }, n);
    return reply(format, status, statusBody(format, code, message), extra);
  };

  function decode(signal: OtlpSignal, body: Uint8Array, format: OtlpFormat): Decoded {
    const o = { nowMs: clock.now(), maxFutureSkewMs: opts.maxFutureSkewMs, maxPastAgeMs: opts.maxPastAgeMs };
    const batch = emptyBatch(source);
    if (signal === 'traces') {
      const r = decodeTraces(body, format, o);
      batch.spans = r.spans;
      return { batch, items: r.spans.length, rejected: r.rejected, reasons: r.reasons, errorMessage: r.errorMessage };
    }
    if (signal === 'metrics') {
      const r = decodeMetrics(body, format, o);
      batch.metrics = r.metrics;
      return { batch, items: r.metrics.length, rejected: r.rejected, reasons: r.reasons, errorMessage: r.errorMessage };
    }
    const r = decodeLogs(body, format, o);
    batch.logs = r.logs;
    return { batch, items: r.logs.length, rejected: r.rejected, reasons: r.reasons, errorMessage: r.errorMessage };
  }

  async function handle(signal: OtlpSignal, body: Uint8Array, contentType: string, contentEncoding?: string): Promise<OtlpResponse> {
    const format = formatOf(contentType);
    if (format === null) {
      return fail(signal, 'json', 415, 'unsupported_media_type', RpcCode.INVALID_ARGUMENT,
        `unsupported Content-Type ${JSON.stringify(contentType)}; use application/x-protobuf or application/json`);
    }
    if (budget.overMemory()) {
      return fail(signal, format, 503, 'memory_budget', RpcCode.UNAVAILABLE, 'receiver is over its memory budget, retry later', { 'retry-after': retryBudget });
    }
    const raw = await decompress(body, contentEncoding, opts.maxBodyBytes);
    if (!raw.ok) {
      const status = raw.reason === 'too_large' ? 413 : raw.reason === 'unsupported_encoding' ? 415 : 400;
      return fail(signal, format, status, raw.reason, RpcCode.INVALID_ARGUMENT, raw.message);
    }
    let d: Decoded;
    try {
      d = decode(signal, raw.body, format);
    } catch (e) {
      if (isAiopsError(e) && e.code === 'INGEST.BAD_PAYLOAD') return fail(signal, format, 400, 'bad_payload', RpcCode.INVALID_ARGUMENT, e.message);
      throw e;
    }
    const label = SIGNAL_LABEL[signal];
    const admitted = budget.admit(d.batch);
    const overBudget = admitted.dropped[label];
    if (overBudget > 0) {
      metrics.rejected.inc({ signal: label, reason: 'cardinality_budget' }, overBudget);
      if (overBudget === d.items) {
        metrics.backpressure.inc();
        return fail(signal, format, 429, 'cardinality_budget', RpcCode.RESOURCE_EXHAUSTED,
          `service budget reached: no new service.name is admitted now (rejected ${overBudget} items), retry later`, { 'retry-after': retryBudget }, 0);
      }
      d = withBudgetRejects(d, admitted.batch, overBudget, signal);
    }
    if (d.items > 0) {
      const offered = queue.offer(d.batch);
      if (offered === 'held') return reply(format, 429, statusBody(format, RpcCode.RESOURCE_EXHAUSTED, 'held back for event-time alignment'));
      if (offered === 'full') {
        metrics.backpressure.inc();
        return fail(signal, format, 429, 'queue_full', RpcCode.RESOURCE_EXHAUSTED, 'ingest queue is full, retry later', { 'retry-after': retryFull }, d.items);
      }
      if (offered === 'closed') {
        return fail(signal, format, 503, 'shutting_down', RpcCode.UNAVAILABLE, 'receiver is shutting down, retry later', { 'retry-after': retryClosed }, d.items);
      }
      metrics.received.inc({ signal: label, source }, d.items);
    }
    for (const reason of Object.keys(d.reasons)) metrics.rejected.inc({ signal: label, reason }, d.reasons[reason]);
    return reply(format, 200, exportResponseBody(signal, format, d.rejected, d.errorMessage));
  }

  return async (signal, body, contentType, contentEncoding) => {
    try {
      return await handle(signal, body, contentType, contentEncoding);
    } catch (e) {
      logger.error('otlp export failed unexpectedly', { signal, err: e });
      const format = formatOf(contentType) ?? 'json';
      try {
        return fail(signal, format, 500, 'internal', RpcCode.INTERNAL, 'internal error');
      } catch {
        return { status: 500, headers: { 'content-type': 'text/plain' }, body: Buffer.from('internal error') };
      }
    }
  };
}

const NOUNS: Record<OtlpSignal, string> = { traces: 'spans', metrics: 'data points', logs: 'log records' };

/** The decoded request minus the items of services over the budget, with those counted in the partial success. */
function withBudgetRejects(d: Decoded, batch: TelemetryBatch, overBudget: number, signal: OtlpSignal): Decoded {
  const tally = new RejectTally();
  for (const [reason, n] of Object.entries(d.reasons)) tally.add(reason as RejectReason, n);
  tally.add('cardinality_budget', overBudget);
  return { batch, items: d.items - overBudget, rejected: tally.total, reasons: d.reasons, errorMessage: tally.message(NOUNS[signal]) };
}
