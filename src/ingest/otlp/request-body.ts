/** Content negotiation and decompression for OTLP/HTTP request bodies. */
import { gunzip, inflate } from 'node:zlib';
import { DecompressError } from '../codecs/decompress-error.js';
import { lz4Decompress } from '../codecs/lz4.js';
import { snappyDecompress, snappyFramed } from '../codecs/snappy.js';
import { zstdDecompress } from '../codecs/zstd.js';
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
 * Undoes `Content-Encoding`: what the Collector's otlphttp exporter can send (`compression:` gzip, the default;
 * zlib and deflate, both zlib streams; snappy, a raw block; x-snappy-framed; lz4, a frame; zstd)
 * and the Collector's own receiver accepts. Before, everything but gzip was answered 415, a permanent error for the
 * exporter, which dropped the data. The output is capped at `maxBytes` (zlib's `maxOutputLength`, the codecs'
 * bound), so a bomb stops at the limit instead of filling memory.
 */
export async function decompress(body: Uint8Array, contentEncoding: string | undefined, maxBytes: number): Promise<Decompressed> {
  const enc = (contentEncoding ?? '').trim().toLowerCase();
  if (enc === '' || enc === 'identity') {
    return body.byteLength > maxBytes ? tooLarge(maxBytes) : { ok: true, body };
  }
  if (enc === 'gzip' || enc === 'x-gzip') return viaZlib(gunzip, body, maxBytes, 'gzip');
  if (enc === 'deflate' || enc === 'zlib') return viaZlib(inflate, body, maxBytes, enc);
  const codec = CODECS[enc];
  if (!codec) {
    return { ok: false, reason: 'unsupported_encoding', message: `unsupported Content-Encoding: ${enc} (supported: gzip, deflate, zlib, snappy, x-snappy-framed, lz4, zstd)` };
  }
  try {
    return { ok: true, body: codec(Buffer.from(body.buffer, body.byteOffset, body.byteLength), maxBytes) };
  } catch (e) {
    if (e instanceof DecompressError && e.tooLarge) return tooLarge(maxBytes);
    return { ok: false, reason: 'bad_encoding', message: `invalid ${enc} body: ${e instanceof Error ? e.message : String(e)}` };
  }
}

const CODECS: Record<string, (b: Buffer, max: number) => Buffer> = {
  snappy: snappyDecompress,
  'x-snappy-framed': snappyFramed,
  lz4: lz4Decompress,
  zstd: zstdDecompress,
};

type ZlibAsync = (buf: Uint8Array, opts: { maxOutputLength: number }, cb: (err: Error | null, out: Buffer) => void) => void;

function viaZlib(fn: ZlibAsync, body: Uint8Array, maxBytes: number, name: string): Promise<Decompressed> {
  return new Promise((resolve) => {
    fn(body, { maxOutputLength: maxBytes }, (err, out) => {
      if (!err) resolve({ ok: true, body: out });
      else if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') resolve(tooLarge(maxBytes));
      else resolve({ ok: false, reason: 'bad_encoding', message: `invalid ${name} body: ${err.message}` });
    });
  });
}

function tooLarge(maxBytes: number): Decompressed {
  return { ok: false, reason: 'too_large', message: `body exceeds ${maxBytes} bytes` };
}
