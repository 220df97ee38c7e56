/**
 * zstd for Node without `node:zlib` zstd (before 22.15; this repo's Dockerfile runs Node 20). The Collector compresses
 * with zstd on all three transports (kafka `producer.compression`, otlphttp and otlp `compression`), and zstd is the
 * usual recommendation for Kafka. Decoding is fzstd's (pure JavaScript, no native build: the library the field uses
 * where no native zstd is at hand). What this file adds is the bound every codec here keeps: a few hundred bytes can
 * declare a 2 GiB window or content size, and fzstd allocates what a frame declares — so every frame header is read
 * first (frames are walked by their block headers, without decoding), and the output is counted as it streams out.
 * Dictionaries are refused (the Collector uses none); content checksums are not verified (Kafka's batch CRC and TCP
 * guard the bytes, and the OTLP decoder rejects garbage).
 */
import { Decompress } from 'fzstd';
import { DecompressError, MAX_DECOMPRESSED_BYTES, overLimit } from './decompress-error.js';

const ZSTD_MAGIC = 0xfd2fb528;
/** Skippable frames: magic 0x184D2A50..0x184D2A5F, a 4-byte size, that many bytes of user data. */
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const FCS_BYTES = [0, 2, 4, 8];

const fail = (why: string): never => {
  throw new DecompressError('zstd', why);
};

/** What one frame may allocate and produce, read from its header (RFC 8878 §3.1.1.1). */
interface FrameBounds {
  window: number;
  /** Declared content size, when the frame says it. */
  content?: number;
  /** Offset of the frame's first block header. */
  blocks: number;
}

function readFrameHeader(src: Buffer, at: number): FrameBounds {
  if (at + 6 > src.length) fail('truncated frame header');
  const fhd = src[at + 4]!;
  if (fhd & 0x08) fail('reserved bit set in the frame header');
  const fcsFlag = fhd >> 6;
  const singleSegment = (fhd >> 5) & 1;
  const dictBytes = [0, 1, 2, 4][fhd & 3]!;
  let p = at + 5;
  let window = 0;
  if (!singleSegment) {
    const wd = src[p++]!;
    const base = 2 ** (10 + (wd >> 3));
    window = base + (base / 8) * (wd & 7);
  }
  if (dictBytes && src.readUIntLE(p, dictBytes) !== 0) fail('frames with a dictionary are not supported');
  p += dictBytes;
  const fcsBytes = fcsFlag === 0 ? singleSegment : FCS_BYTES[fcsFlag]!;
  if (p + fcsBytes > src.length) fail('truncated frame header');
  let content: number | undefined;
  if (fcsBytes === 8) content = Number(src.readBigUInt64LE(p));
  else if (fcsBytes) content = src.readUIntLE(p, fcsBytes) + (fcsBytes === 2 ? 256 : 0);
  p += fcsBytes;
  return { window: singleSegment ? content! : window, content, blocks: p };
}

/** Checks every frame's declared window and content size against `max`, walking block headers only. */
function checkBounds(src: Buffer, max: number): void {
  let at = 0;
  let declared = 0;
  while (at < src.length) {
    if (at + 8 > src.length) fail(at === 0 ? 'not a zstd frame' : 'trailing bytes after the last frame');
    const magic = src.readUInt32LE(at);
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      at += 8 + src.readUInt32LE(at + 4);
      continue;
    }
    if (magic !== ZSTD_MAGIC) fail('not a zstd frame (bad magic number)');
    const frame = readFrameHeader(src, at);
    declared += frame.content ?? 0;
    if (frame.window > max || declared > max) throw overLimit('zstd', max);
    const checksum = (src[at + 4]! >> 2) & 1;
    at = frame.blocks;
    for (let last = 0; !last; ) {
      if (at + 3 > src.length) fail('truncated block');
      const h = src.readUIntLE(at, 3);
      last = h & 1;
      const type = (h >> 1) & 3;
      if (type === 3) fail('reserved block type');
      // An RLE block holds one byte repeated `size` times; raw and compressed blocks hold `size` bytes.
      at += 3 + (type === 1 ? 1 : h >>> 3);
    }
    at += checksum * 4;
    if (at > src.length) fail('truncated frame');
  }
}

/** Decodes one or more zstd frames (and skippable frames) into one buffer of at most `max` bytes. */
export function zstdDecode(src: Buffer, max = MAX_DECOMPRESSED_BYTES): Buffer {
  checkBounds(src, max);
  const chunks: Uint8Array[] = [];
  let length = 0;
  const stream = new Decompress((chunk) => {
    length += chunk.length;
    if (length > max) throw overLimit('zstd', max);
    if (chunk.length) chunks.push(chunk);
  });
  try {
    stream.push(src, true);
  } catch (e) {
    if (e instanceof DecompressError) throw e;
    fail(e instanceof Error ? e.message : String(e));
  }
  return Buffer.concat(chunks, length);
}
