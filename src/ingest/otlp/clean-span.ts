/**
 * The text fields of a decoded span made safe to keep: every string but the hex ids (already validated) loses NUL
 * and lone surrogates and is cut to a name's length (sanitize.ts); those that can become graph nodes (callee
 * attributes) and the span name also lose credentials (`postgres://u:secretpw@…`, `?password=…`). Done on the
 * record after the attributes were picked, so the attribute switch stays a plain switch and new fields are covered.
 */
import type { SpanRecord } from '../../core/telemetry.js';
import { stripCredentials } from '../../features/strip-credentials.js';
import { cleanText, MAX_NAME_CHARS } from './sanitize.js';

const IDS = new Set(['traceId', 'spanId', 'parentSpanId']);
/** Service identity fields: cleaned, never rewritten further (a service name is not a connection string). */
const IDENTITY = new Set(['service', 'serviceVersion', 'serviceRevision']);

export function cleanSpanText(rec: SpanRecord): void {
  const r = rec as unknown as Record<string, unknown>;
  for (const key in r) {
    const v = r[key];
    if (typeof v !== 'string' || v === '' || IDS.has(key)) continue;
    const clean = cleanText(v, MAX_NAME_CHARS);
    r[key] = IDENTITY.has(key) ? clean : stripCredentials(clean);
  }
}
