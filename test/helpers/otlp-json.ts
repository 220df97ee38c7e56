/**
 * Converts an OTLP message object (as given to the generated `encode`: ids as bytes, 64-bit integers as
 * numbers or decimal strings) into OTLP JSON as the specification writes it: hex trace/span ids,
 * 64-bit integers as decimal strings, other bytes as base64, enums as integers.
 */
const HEX_ID_KEYS = new Set(['traceId', 'spanId', 'parentSpanId']);
const INT64_KEYS = new Set(['intValue', 'asInt', 'count', 'zeroCount', 'bucketCounts']);

function isInt64Key(key: string): boolean {
  return key.endsWith('UnixNano') || INT64_KEYS.has(key);
}

export function toOtlpJson(value: unknown, key = ''): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString(HEX_ID_KEYS.has(key) ? 'hex' : 'base64');
  if (Array.isArray(value)) return value.map((v) => toOtlpJson(v, key));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = toOtlpJson(v, k);
    return out;
  }
  if (isInt64Key(key) && (typeof value === 'number' || typeof value === 'string')) return String(value);
  return value;
}
