/** Small helpers for node:http handlers: JSON bodies with a size limit, JSON answers, query and path parsing. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function readJson(req: IncomingMessage, maxBytes = 1_048_576): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'expected Content-Type: application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new HttpError(413, `body larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
}

/** Event times the API accepts: 1970 … 9999 (a larger value would make `toISOString` throw later). */
const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Parses an ISO time or epoch-ms query value; undefined when absent; HttpError 400 when malformed or out of range. */
export function timeParam(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null || v === '') return undefined;
  // Epoch milliseconds or an ISO 8601 date-time; V8's lenient Date.parse would read "-5" as a year-2001 date.
  const ms = /^\d+$/.test(v) ? Number(v) : /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) throw new HttpError(400, `"${name}" must be an ISO time or epoch milliseconds (got "${clip(v)}")`);
  if (ms < 0 || ms > MAX_TIME_MS) throw new HttpError(400, `"${name}" must lie between 1970 and 9999 (got "${clip(v)}")`);
  return ms;
}

export function intParam(query: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const v = query.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new HttpError(400, `"${name}" must be an integer in ${min}..${max} (got "${clip(v)}")`);
  return n;
}

// Control characters (NUL above all) would reach SQL parameters and fail there as a 500.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A decoded path parameter: 1..256 characters, no control characters; else 400. */
export function pathId(params: Readonly<Record<string, string>>, name: string): string {
  const v = params[name] ?? '';
  if (!v || v.length > 256 || CONTROL.test(v)) throw new HttpError(400, `"${name}" must be 1..256 printable characters`);
  return v;
}

/** Rejects a query whose values carry control characters (400), once, before any handler runs. */
export function checkQuery(query: URLSearchParams): void {
  for (const [k, v] of query) if (CONTROL.test(k) || CONTROL.test(v)) throw new HttpError(400, `query parameter "${clip(k)}" contains control characters`);
}

const clip = (s: string) => (s.length > 64 ? `${s.slice(0, 64)}…` : s);

/** Reads a JSON body and validates it; 400 naming each bad field. */
export async function parseBody<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(await readJson(req));
  if (!parsed.success) throw new HttpError(400, `invalid body: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
