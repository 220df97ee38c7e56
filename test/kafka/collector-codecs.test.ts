/**
 * The record-batch codecs the Collector's kafka exporter may use (`producer.compression: snappy | lz4 | zstd`),
 * which kafkajs alone cannot read. Decoding reference encoders' output (collector-codec-fixtures.ts) gives the
 * input back; broken input is refused with a DecompressError, never a hang or a huge allocation; and after
 * registration kafkajs' own codec lookup returns them. The end-to-end case with the real Collector is in
 * collector-real.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { lz4Decompress } from '../../src/ingest/codecs/lz4.js';
import { snappyDecompress } from '../../src/ingest/codecs/snappy.js';
import { zstdDecompress } from '../../src/ingest/codecs/zstd.js';
import { zstdDecode } from '../../src/ingest/codecs/zstd-decoder.js';
import { DecompressError } from '../../src/ingest/codecs/decompress-error.js';
import { registerKafkaCodecs } from '../../src/ingest/kafka/kafka-codecs.js';
import { codecInput, fixtures, randomInput } from './collector-codec-fixtures.js';

const b64 = (s: string) => Buffer.from(s, 'base64');
const big = codecInput(70_000);
const small = codecInput(3_000);

describe('lz4 frames', () => {
  it.each([
    ['linked blocks with a content checksum', fixtures.lz4Linked, big],
    ['independent blocks with block checksums', fixtures.lz4IndependentBlockChecksums, big],
    ['a stored (uncompressed) block', fixtures.lz4Stored, randomInput()],
    ['a content size in the header', fixtures.lz4ContentSize, small],
  ])('decodes %s', (_name, fixture, want) => {
    expect(lz4Decompress(b64(fixture)).equals(want)).toBe(true);
  });

  it('decodes two frames back to back as their concatenation', () => {
    const two = Buffer.concat([b64(fixtures.lz4ContentSize), b64(fixtures.lz4Stored)]);
    expect(lz4Decompress(two).equals(Buffer.concat([small, randomInput()]))).toBe(true);
  });

  it('refuses what is not an LZ4 frame, a truncated frame and a match before the start', () => {
    expect(() => lz4Decompress(Buffer.from('not lz4 at all'))).toThrow(DecompressError);
    const frame = b64(fixtures.lz4Linked);
    expect(() => lz4Decompress(frame.subarray(0, frame.length - 40))).toThrow(DecompressError);
    // Header (magic, FLG 0x60, BD 0x40, checksum), one block: token 0x00 (no literal, match 4) at offset 9.
    const bad = Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82, 3, 0, 0, 0, 0x00, 9, 0, 0, 0, 0, 0]);
    expect(() => lz4Decompress(bad)).toThrow(/match outside the output/);
  });
});

describe('snappy', () => {
  it.each([
    ['a raw block', fixtures.snappyRaw, small],
    ['a raw block that is one long literal', fixtures.snappyLiterals, randomInput()],
    ['xerial framing of several blocks', fixtures.snappyXerial, small],
  ])('decodes %s', (_name, fixture, want) => {
    expect(snappyDecompress(b64(fixture)).equals(want)).toBe(true);
  });

  it('refuses a truncated block, a copy before the start and a declared size over the limit', () => {
    const raw = b64(fixtures.snappyRaw);
    expect(() => snappyDecompress(raw.subarray(0, raw.length - 5))).toThrow(DecompressError);
    // Length 8, then a 1-byte-offset copy (tag 0b000_001_01: length 5) at offset 3 with nothing written yet.
    expect(() => snappyDecompress(Buffer.from([8, 0x05, 3]))).toThrow(/copy outside the output/);
    // A varint declaring 2^31 bytes: refused before any allocation.
    expect(() => snappyDecompress(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x08, 0]))).toThrow(/limit/);
  });
});

describe('zstd', () => {
  // Our decoder, whatever this Node has (zstdDecompress picks node:zlib's where present).
  it.each([
    ['the encoder franz-go uses, default level', fixtures.zstdFranzDefault, small],
    ['the encoder franz-go uses, best level, two blocks', fixtures.zstdFranzBest, big],
    ['the zstd CLI at -1', fixtures.zstdCli1, small],
    ['the zstd CLI at -19', fixtures.zstdCli19, small],
    ['the zstd CLI at -3, two blocks', fixtures.zstdCliBig, big],
    ['incompressible input', fixtures.zstdRandom, randomInput()],
    ['a run of zeros', fixtures.zstdZeros, Buffer.alloc(5000)],
  ])('decodes %s', (_name, fixture, want) => {
    expect(zstdDecode(b64(fixture)).equals(want)).toBe(true);
    expect(zstdDecompress(b64(fixture)).equals(want)).toBe(true);
  });

  it('decodes two frames back to back, and refuses truncation, a bad magic and output over the limit', () => {
    const two = Buffer.concat([b64(fixtures.zstdCli1), b64(fixtures.zstdFranzBest)]);
    expect(zstdDecode(two).equals(Buffer.concat([small, big]))).toBe(true);
    const frame = b64(fixtures.zstdCliBig);
    expect(() => zstdDecode(frame.subarray(0, frame.length - 30))).toThrow(DecompressError);
    expect(() => zstdDecode(Buffer.from('not zstd at all'))).toThrow(/not a zstd frame/);
    expect(() => zstdDecode(frame, 10_000)).toThrow(expect.objectContaining({ tooLarge: true }));
  });

  it('reads every frame header before decoding: a declared 2 GiB window or content size is refused unallocated, dictionaries are refused, skippable frames are skipped', () => {
    const magic = [0x28, 0xb5, 0x2f, 0xfd];
    const emptyLastRawBlock = [0x01, 0x00, 0x00];
    // Window descriptor 0xa8: exponent 21, 2^31 bytes.
    const hugeWindow = Buffer.from([...magic, 0x00, 0xa8, ...emptyLastRawBlock]);
    expect(() => zstdDecode(hugeWindow)).toThrow(expect.objectContaining({ tooLarge: true }));
    // Single segment with a 4-byte content size of 0x7fffffff.
    const hugeContent = Buffer.from([...magic, 0xa0, 0xff, 0xff, 0xff, 0x7f, ...emptyLastRawBlock]);
    expect(() => zstdDecode(hugeContent)).toThrow(expect.objectContaining({ tooLarge: true }));
    // Dictionary id 7 (one byte), 1 KiB window.
    expect(() => zstdDecode(Buffer.from([...magic, 0x01, 0x00, 0x07, ...emptyLastRawBlock]))).toThrow(/dictionary/);
    const skippable = Buffer.from([0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 0x61, 0x62, 0x63]);
    expect(zstdDecode(Buffer.concat([skippable, b64(fixtures.zstdCli1)])).equals(small)).toBe(true);
  });
});

describe('registration with kafkajs', () => {
  it('replaces kafkajs\' "not implemented" snappy, lz4 and zstd codecs with ours', async () => {
    registerKafkaCodecs();
    const snappy = CompressionCodecs[CompressionTypes.Snappy]() as { decompress(b: Buffer): Promise<Buffer> };
    const lz4 = CompressionCodecs[CompressionTypes.LZ4]() as { decompress(b: Buffer): Promise<Buffer> };
    expect((await snappy.decompress(b64(fixtures.snappyRaw))).equals(small)).toBe(true);
    expect((await lz4.decompress(b64(fixtures.lz4Linked))).equals(big)).toBe(true);
    const zstd = CompressionCodecs[CompressionTypes.ZSTD]() as { decompress(b: Buffer): Promise<Buffer> };
    expect((await zstd.decompress(b64(fixtures.zstdFranzDefault))).equals(small)).toBe(true);
  });
});
