/**
 * OTLP/HTTP Content-Encodings the Collector's otlphttp exporter sends (`compression:` gzip, zlib, deflate, snappy,
 * x-snappy-framed, lz4, zstd) and its own receiver accepts. Before, everything but gzip got 415, which the exporter
 * takes as permanent: the data was dropped. Bodies come from reference encoders (node:zlib, the Go encoders in
 * test/kafka/collector-codec-fixtures.ts); the end-to-end case with the real Collector is collector-otlphttp.test.ts.
 */
import { deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decompress } from '../../src/ingest/otlp/request-body.js';
import { codecInput, fixtures, randomInput } from '../kafka/collector-codec-fixtures.js';

const b64 = (s: string) => Buffer.from(s, 'base64');
const small = codecInput(3_000);
const MAX = 1024 * 1024;

async function body(enc: string, data: Uint8Array, max = MAX): Promise<Buffer> {
  const r = await decompress(data, enc, max);
  if (!r.ok) throw new Error(`${r.reason}: ${r.message}`);
  return Buffer.from(r.body);
}

describe('Content-Encoding the Collector otlphttp exporter sends', () => {
  it.each([
    ['gzip', gzipSync(small), small],
    ['zlib', deflateSync(small), small],
    ['deflate', deflateSync(small), small],
    ['snappy', b64(fixtures.snappyRaw), small],
    ['x-snappy-framed', b64(fixtures.snappyFramed), small],
    ['x-snappy-framed', b64(fixtures.snappyFramedStored), randomInput()],
    ['lz4', b64(fixtures.lz4ContentSize), small],
    ['LZ4', b64(fixtures.lz4Linked), codecInput(70_000)],
    ['zstd', b64(fixtures.zstdCli19), small],
  ])('%s decodes to the original body', async (enc, data, want) => {
    expect((await body(enc, data)).equals(want)).toBe(true);
  });

  it('snappy in the framing format, as Collectors before the block format sent it, decodes too', async () => {
    expect((await body('snappy', b64(fixtures.snappyFramed))).equals(small)).toBe(true);
  });

  it('a body that decodes past the limit is too_large (413), for every codec', async () => {
    for (const [enc, data] of [['gzip', gzipSync(small)], ['deflate', deflateSync(small)], ['snappy', b64(fixtures.snappyRaw)], ['x-snappy-framed', b64(fixtures.snappyFramed)], ['lz4', b64(fixtures.lz4Linked)], ['zstd', b64(fixtures.zstdCliBig)]] as const) {
      const r = await decompress(data, enc, 1000);
      expect(r, enc).toMatchObject({ ok: false, reason: 'too_large' });
    }
  });

  it('a body that is not what its encoding says is bad_encoding (400)', async () => {
    for (const enc of ['deflate', 'snappy', 'x-snappy-framed', 'lz4', 'zstd']) {
      const r = await decompress(Buffer.from('plainly not compressed'), enc, MAX);
      expect(r, enc).toMatchObject({ ok: false, reason: 'bad_encoding' });
    }
  });

  it('an encoding nobody sends stays unsupported_encoding (415)', async () => {
    expect(await decompress(small, 'br', MAX)).toMatchObject({ ok: false, reason: 'unsupported_encoding' });
  });

  it('the 415 names what is supported', async () => {
    expect(await decompress(small, 'br', MAX)).toMatchObject({ message: expect.stringContaining('supported: gzip, deflate, zlib, snappy, x-snappy-framed, lz4, zstd') });
  });
});
