/**
 * Errors with a stable code, a message for people and a cause. Recognize them with `isAiopsError`
 * (a marker property), not `instanceof`, which breaks across module copies.
 * Never put secrets in `meta`.
 */
export type ErrorCode =
  | 'CONFIG.INVALID'
  | 'USAGE.INVALID'
  | 'INGEST.BAD_PAYLOAD'
  | 'INGEST.UNSUPPORTED_MEDIA_TYPE'
  | 'INGEST.TOO_LARGE'
  | 'INGEST.BACKPRESSURE'
  | 'STORE.UNAVAILABLE'
  | 'STORE.MIGRATION_FAILED'
  | 'NOT_FOUND'
  | 'INTERNAL';

const MARKER = Symbol.for('otlp-aiops.error');

export class AiopsError extends Error {
  readonly [MARKER] = true;
  readonly code: ErrorCode;
  readonly meta: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; meta?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AiopsError';
    this.code = code;
    this.meta = options.meta ?? {};
  }
}

export function isAiopsError(e: unknown): e is AiopsError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[MARKER] === true;
}

/** Discriminated result for expected outcomes (unknown service, no data, rejected input). */
export type Result<T, E = { code: string; message: string }> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
