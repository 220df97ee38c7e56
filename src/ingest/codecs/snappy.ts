/**
 * Snappy decompression (decode only: this process never produces snappy), for what the Collector sends:
 *   - Kafka record batches (kafka exporter, franz-go): a raw snappy block, or, on its streaming path and like the
 *     Java producer, xerial framing: the 16-byte header `\x82SNAPPY\0` + version + compat, then blocks of a
 *     big-endian length and a raw snappy block;
 *   - OTLP/HTTP bodies (otlphttp exporter): `Content-Encoding: snappy` is a raw block (older Collectors sent the
 *     framing format under that name, so it is recognised by its stream identifier, as the Collector's receiver
 *     does), `x-snappy-framed` the framing format (framing_format.txt; CRCs are not checked: TCP and the OTLP
 *     decoder catch corruption).
 * Raw block format: github.com/google/snappy/blob/main/format_description.txt.
 */
import { DecompressError, MAX_DECOMPRESSED_BYTES, overLimit } from './decompress-error.js';

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);

/** The framing format's stream identifier chunk: type 0xff, length 6, "sNaPpY". */
const FRAMED_MAGIC = Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]);

/** A raw block, xerial framing or the framing format, told apart by their headers. */
export function snappyDecompress(src: Buffer, max = MAX_DECOMPRESSED_BYTES): Buffer {
  if (src.length > 16 && src.subarray(0, 8).equals(XERIAL_MAGIC)) return xerialDecompress(src, max);
  if (src.length >= FRAMED_MAGIC.length && src.subarray(0, FRAMED_MAGIC.length).equals(FRAMED_MAGIC)) return snappyFramed(src, max);
  return snappyBlock(src, max);
}

/** The snappy framing format (`x-snappy-framed`): chunks of a type byte and a 3-byte little-endian length. */
export function snappyFramed(src: Buffer, max = MAX_DECOMPRESSED_BYTES): Buffer {
  if (!src.subarray(0, FRAMED_MAGIC.length).equals(FRAMED_MAGIC)) throw new DecompressError('snappy', 'no stream identifier');
  const parts: Buffer[] = [];
  let total = 0;
  for (let at = 0; at < src.length; ) {
    if (at + 4 > src.length) throw new DecompressError('snappy', 'chunk header cut short');
    const type = src[at]!;
    const size = src.readUIntLE(at + 1, 3);
    at += 4;
    if (at + size > src.length) throw new DecompressError('snappy', 'chunk runs past the end');
    const body = src.subarray(at, at + size);
    at += size;
    let data: Buffer;
    if (type === 0x00) data = snappyBlock(body.subarray(4), max - total); // 4 bytes of masked CRC-32C, then a block
    else if (type === 0x01) data = body.subarray(4);
    else if (type >= 0x80) continue; // the stream identifier (0xff), padding and other skippable chunks
    else throw new DecompressError('snappy', `reserved chunk type 0x${type.toString(16)}`);
    total += data.length;
    if (total > max) throw overLimit('snappy', max);
    parts.push(data);
  }
  return Buffer.concat(parts, total);
}

function xerialDecompress(src: Buffer, max: number): Buffer {
  const parts: Buffer[] = [];
  let total = 0;
  for (let at = 16; at < src.length; ) {
    if (at + 4 > src.length) throw new DecompressError('snappy', 'xerial block length cut short');
    const size = src.readUInt32BE(at);
    at += 4;
    if (at + size > src.length) throw new DecompressError('snappy', 'xerial block runs past the end');
    const block = snappyBlock(src.subarray(at, at + size), max - total);
    total += block.length;
    parts.push(block);
    at += size;
  }
  return Buffer.concat(parts, total);
}

/** One raw snappy block: a varint of the decoded length, then literal and copy elements. */
export function snappyBlock(src: Buffer, max = MAX_DECOMPRESSED_BYTES): Buffer {
  let at = 0;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    if (at >= src.length || shift > 28) throw new DecompressError('snappy', 'bad length header');
    const b = src[at++]!;
    length += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  if (length > max) throw new DecompressError('snappy', `declares ${length} bytes (limit ${max})`, true);
  const out = Buffer.allocUnsafe(length);
  let op = 0;
  while (at < src.length) {
    const tag = src[at++]!;
    const type = tag & 3;
    if (type === 0) {
      let len = tag >>> 2;
      if (len >= 60) {
        const extra = len - 59;
        if (at + extra > src.length) throw new DecompressError('snappy', 'literal length cut short');
        len = src.readUIntLE(at, extra);
        at += extra;
      }
      len += 1;
      if (at + len > src.length || op + len > length) throw new DecompressError('snappy', 'literal runs past the end');
      src.copy(out, op, at, at + len);
      at += len;
      op += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (type === 1) {
      if (at >= src.length) throw new DecompressError('snappy', 'copy cut short');
      len = 4 + ((tag >>> 2) & 7);
      offset = ((tag >>> 5) << 8) | src[at++]!;
    } else if (type === 2) {
      if (at + 2 > src.length) throw new DecompressError('snappy', 'copy cut short');
      len = (tag >>> 2) + 1;
      offset = src.readUInt16LE(at);
      at += 2;
    } else {
      if (at + 4 > src.length) throw new DecompressError('snappy', 'copy cut short');
      len = (tag >>> 2) + 1;
      offset = src.readUInt32LE(at);
      at += 4;
    }
    if (offset === 0 || offset > op || op + len > length) throw new DecompressError('snappy', 'copy outside the output');
    copyMatch(out, op, offset, len);
    op += len;
  }
  if (op !== length) throw new DecompressError('snappy', `decoded ${op} of ${length} bytes`);
  return out;
}

/** Copies `len` bytes from `offset` back; byte by byte when they overlap (a run repeats itself). */
export function copyMatch(out: Buffer, op: number, offset: number, len: number): void {
  const from = op - offset;
  if (offset >= len) {
    out.copy(out, op, from, from + len);
    return;
  }
  for (let i = 0; i < len; i++) out[op + i] = out[from + i]!;
}
