/** Shared pieces of the three OTLP decoders: request parsing, resource lookup, reject tallies. */
import type $protobuf from 'protobufjs/minimal.js';
import { AiopsError } from '../../core/errors.js';
import { numberReader } from './number-reader.js';
import { anyToText, list, type KeyValueLike } from './otlp-values.js';
import { MAX_NAME_CHARS } from './sanitize.js';

export type OtlpFormat = 'protobuf' | 'json';

export interface DecodeOptions {
  /** Wall clock at receipt, epoch ms. */
  nowMs: number;
  /** Items whose time is later than nowMs + maxFutureSkewMs are rejected (`future_timestamp`). */
  maxFutureSkewMs: number;
  /**
   * Items older than nowMs - maxPastAgeMs are rejected (`too_old`); default the raw-window retention (7 days).
   * Data older than what is kept would be deleted at once, and a 1990 timestamp must not create 13,000 partitions.
   */
  maxPastAgeMs?: number;
}

export const DEFAULT_MAX_PAST_AGE_MS = 7 * 86_400_000;

/** Accepted event times: [minMs, maxMs]. */
export interface TimeBounds {
  minMs: number;
  maxMs: number;
}

export function timeBounds(opts: DecodeOptions): TimeBounds {
  return { minMs: opts.nowMs - (opts.maxPastAgeMs ?? DEFAULT_MAX_PAST_AGE_MS), maxMs: opts.nowMs + opts.maxFutureSkewMs };
}

/** Why single items are dropped; the keys are the `reason` label of `aiops_rejected_total`. */
export type RejectReason =
  | 'missing_service_name'
  | 'invalid_id'
  | 'future_timestamp'
  | 'too_old'
  | 'non_finite_value'
  /** Set by the handler, not the decoders: the service is beyond the cardinality budget. */
  | 'cardinality_budget'
  | 'invalid_timestamp'
  | 'missing_metric_name'
  | 'missing_value';

export class RejectTally {
  total = 0;
  readonly reasons: Record<string, number> = {};

  add(reason: RejectReason, n: number): void {
    if (n <= 0) return;
    this.total += n;
    this.reasons[reason] = (this.reasons[reason] ?? 0) + n;
  }

  /** The partial-success `error_message`, e.g. `rejected 3 spans: invalid_id=2, missing_service_name=1`. */
  message(noun: string): string | undefined {
    if (this.total === 0) return undefined;
    const parts = Object.keys(this.reasons).sort().map((r) => `${r}=${this.reasons[r]}`);
    return `rejected ${this.total} ${noun}: ${parts.join(', ')}`;
  }
}

export interface ResourceInfo {
  service: string;
  version: string | undefined;
  /** `k8s.replicaset.name`: changes with every rollout (pod template hash), version or not. */
  revision: string | undefined;
}

export function readResource(resource: { attributes?: KeyValueLike[] | null } | null | undefined): ResourceInfo {
  let service = '';
  let version: string | undefined;
  let revision: string | undefined;
  const attrs = list(resource?.attributes);
  for (let i = 0; i < attrs.length; i++) {
    const kv = attrs[i];
    switch (kv.key) {
      case 'service.name':
        service = anyToText(kv.value, MAX_NAME_CHARS);
        break;
      case 'service.version':
        version = anyToText(kv.value, MAX_NAME_CHARS) || undefined;
        break;
      case 'k8s.replicaset.name':
        revision = anyToText(kv.value, MAX_NAME_CHARS) || undefined;
        break;
    }
  }
  return { service, version, revision };
}

function badPayload(message: string, cause?: unknown): AiopsError {
  return new AiopsError('INGEST.BAD_PAYLOAD', message, { cause });
}

/**
 * Turns protobuf bytes, JSON bytes or an already-parsed object into a request object.
 * Throws `AiopsError('INGEST.BAD_PAYLOAD')` when the whole body is unreadable.
 */
export function parseRequest<T>(msg: Uint8Array | object, format: OtlpFormat, decodeProto: (r: $protobuf.Reader) => T): T {
  if (!(msg instanceof Uint8Array)) {
    if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) throw badPayload('request is not an object');
    return msg as T;
  }
  if (format === 'protobuf') {
    try {
      return decodeProto(numberReader(msg));
    } catch (e) {
      throw badPayload(`malformed protobuf: ${(e as Error).message}`, e);
    }
  }
  let parsed: unknown;
  try {
    const buf = Buffer.isBuffer(msg) ? msg : Buffer.from(msg.buffer, msg.byteOffset, msg.byteLength);
    parsed = JSON.parse(buf.toString('utf8'));
  } catch (e) {
    throw badPayload(`malformed JSON: ${(e as Error).message}`, e);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw badPayload('JSON body is not an object');
  return parsed as T;
}

/** Runs a mapper over a parsed request; a JSON body of the wrong shape surfaces as a TypeError, i.e. a bad payload. */
export function mapOrReject<R>(map: () => R): R {
  try {
    return map();
  } catch (e) {
    if (e instanceof TypeError) throw badPayload(`request does not match the OTLP schema: ${e.message}`, e);
    throw e;
  }
}
