/** Content negotiation and decompression for OTLP/HTTP request bodies. */
import { gunzip } from 'node:zlib';
import type { OtlpFormat } from './decode-common.js';

/** `application/x-protobuf` or `application/json` (parameters such as charset ignored); else null. */
export function formatOf(contentType: string | undefined): OtlpFormat | null {
  if (!contentType) return null;
  const semi = contentType.indexOf(';');
  const type = (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  if (type === 'application/x-protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return null;
}

export type Decompressed =
  | { ok: true; body: Uint8Array }
  | { ok: false; reason: 'unsupported_encoding' | 'too_large' | 'bad_encoding'; message: string };

/**
 * Undoes `Content-Encoding` (none, identity or gzip). The output is capped at `maxBytes` by zlib's
 * `maxOutputLength`, so a gzip bomb stops at the limit instead of filling memory.
 */
export async function decompress(body: Uint8Array, contentEncoding: string | undefined, maxBytes: number): Promise<Decompressed> {
  const enc = (contentEncoding ?? '').trim().toLowerCase();
  if (enc === '' || enc === 'identity') {
    return body.byteLength > maxBytes ? tooLarge(maxBytes) : { ok: true, body };
  }
  if (enc !== 'gzip' && enc !== 'x-gzip') {
    return { ok: false, reason: 'unsupported_encoding', message: `unsupported Content-Encoding: ${enc}` };
  }
  return new Promise((resolve) => {
    gunzip(body, { maxOutputLength: maxBytes }, (err, out) => {
      if (!err) resolve({ ok: true, body: out });
      else if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') resolve(tooLarge(maxBytes));
      else resolve({ ok: false, reason: 'bad_encoding', message: `invalid gzip body: ${err.message}` });
    });
  });
}

function tooLarge(maxBytes: number): Decompressed {
  return { ok: false, reason: 'too_large', message: `body exceeds ${maxBytes} bytes` };
}
