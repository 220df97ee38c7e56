/**
 * Readers for OTLP values that accept both shapes the decoders see: messages from the generated
 * protobuf code (bytes as Buffer, 64-bit numbers, `Long` zero defaults on the prototype) and parsed
 * OTLP JSON (ids as hex strings, 64-bit integers as decimal strings, bytes as base64). Producing the
 * same output from both is what keeps the protobuf and JSON paths identical.
 */
import { cleanText } from './sanitize.js';

/** Structural view of `opentelemetry.proto.common.v1.AnyValue` in either shape. */
export interface AnyValueLike {
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: unknown;
  doubleValue?: unknown;
  arrayValue?: { values?: AnyValueLike[] | null } | null;
  kvlistValue?: { values?: KeyValueLike[] | null } | null;
  bytesValue?: Uint8Array | string | null;
}

export interface KeyValueLike {
  key?: string | null;
  value?: AnyValueLike | null;
}

/** A 64-bit integer or double from either shape as a JS number; absent → 0. */
export function toNum(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v === '' ? 0 : Number(v);
  if (v == null) return 0;
  // Generated prototypes carry `Long` zeros for absent fields.
  const long = v as { toNumber?: () => number };
  return typeof long.toNumber === 'function' ? long.toNumber() : Number(v);
}

/**
 * Nanoseconds since the epoch (either shape) to epoch milliseconds, rounded to the microsecond: a
 * nanosecond count near 1.8e18 is only exact to ~256 ns as a double, and rounding keeps whole
 * milliseconds whole (no 1767268799990.0002).
 */
export function nanosToMs(v: unknown): number {
  return Math.round(toNum(v) / 1e3) / 1e3;
}

const HEX_OK = /^[0-9a-fA-F]*$/;

/**
 * Lower-case hex of an id of `bytes` bytes. '' when absent, empty or all zero (OTLP's "no id");
 * null when present but malformed (wrong length, not hex).
 */
export function hexId(v: unknown, bytes: number): string | null {
  if (v == null) return '';
  let hex: string;
  if (typeof v === 'string') {
    if (v.length === 0) return '';
    if (v.length !== bytes * 2 || !HEX_OK.test(v)) return null;
    hex = v.toLowerCase();
  } else if (v instanceof Uint8Array) {
    if (v.length === 0) return '';
    if (v.length !== bytes) return null;
    let any = 0;
    for (let i = 0; i < v.length; i++) any |= v[i];
    if (any === 0) return '';
    return toBuffer(v).toString('hex');
  } else {
    return null;
  }
  for (let i = 0; i < hex.length; i++) if (hex.charCodeAt(i) !== 48) return hex;
  return '';
}

function toBuffer(v: Uint8Array): Buffer {
  return Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

function bytesToBase64(v: Uint8Array | string): string {
  // Re-encoding normalizes JSON input (URL-safe alphabet, missing padding) to what the protobuf path yields.
  return typeof v === 'string' ? Buffer.from(v, 'base64').toString('base64') : toBuffer(v).toString('base64');
}

function toDouble(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}

/** Nesting kept by `anyToJs`; deeper arrays and maps become `TRUNCATED` (a 5,000-deep value must not blow the stack). */
export const MAX_ANY_DEPTH = 16;
export const TRUNCATED = '[truncated: nested too deep]';

/** An AnyValue as a plain JS value (arrays, objects, base64 for bytes); undefined when empty. */
export function anyToJs(v: AnyValueLike | null | undefined, depth = 0): unknown {
  if (v == null) return undefined;
  if (v.stringValue != null) return v.stringValue;
  if (v.intValue != null) return toNum(v.intValue);
  if (v.doubleValue != null) return toDouble(v.doubleValue);
  if (v.boolValue != null) return v.boolValue;
  if (v.arrayValue != null) {
    if (depth >= MAX_ANY_DEPTH) return TRUNCATED;
    const values = list(v.arrayValue.values);
    const out: unknown[] = new Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = anyToJs(values[i], depth + 1);
    return out;
  }
  if (v.kvlistValue != null) {
    if (depth >= MAX_ANY_DEPTH) return TRUNCATED;
    // No prototype: a key named __proto__ is data, not a prototype change.
    const o = Object.create(null) as Record<string, unknown>;
    for (const kv of list(v.kvlistValue.values)) o[typeof kv.key === 'string' ? kv.key : ''] = anyToJs(kv.value, depth + 1);
    return o;
  }
  if (v.bytesValue != null) return bytesToBase64(v.bytesValue);
  return undefined;
}

/** An AnyValue as a string: strings as they are, scalars via String(), structures as JSON; '' when empty. */
export function anyToString(v: AnyValueLike | null | undefined): string {
  if (v == null) return '';
  if (v.stringValue != null) return typeof v.stringValue === 'string' ? v.stringValue : String(v.stringValue);
  const js = anyToJs(v);
  if (js === undefined) return '';
  return typeof js === 'object' ? JSON.stringify(js) : String(js);
}

/** `anyToString` made safe to store: NUL and lone surrogates replaced, cut to `max` characters. */
export function anyToText(v: AnyValueLike | null | undefined, max: number): string {
  return cleanText(anyToString(v), max);
}

/** An AnyValue as an integer (int, double or numeric string); undefined when it is not one. */
export function anyToInt(v: AnyValueLike | null | undefined): number | undefined {
  if (v == null) return undefined;
  let n: number;
  if (v.intValue != null) n = toNum(v.intValue);
  else if (v.doubleValue != null) n = toDouble(v.doubleValue);
  else if (v.stringValue != null && v.stringValue !== '') n = Number(v.stringValue);
  else return undefined;
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

/** Enum field: integers per the OTLP JSON rules, enum names accepted too (via `names`). */
export function enumNum(v: unknown, names: Record<string, number>): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return names[v] ?? (Number(v) || 0);
  return 0;
}

/** A repeated field from either shape; anything but an array or absence means a malformed body. */
export function list<T>(v: T[] | null | undefined): T[] {
  if (v == null) return EMPTY as T[];
  if (!Array.isArray(v)) throw new TypeError('expected an array');
  return v;
}
const EMPTY: never[] = [];
