/**
 * Snappy decompression for Kafka record batches (decode only: this process never produces snappy).
 * The Collector's kafka exporter (franz-go) writes a raw snappy block, or, on its streaming path and like the Java
 * producer, xerial framing: the 16-byte header `\x82SNAPPY\0` + version + compat, then blocks of a big-endian
 * length and a raw snappy block. Raw block format: github.com/google/snappy/blob/main/format_description.txt.
 */
import { DecompressError, MAX_DECOMPRESSED_BYTES } from './decompress-error.js';

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);

export function snappyDecompress(src: Buffer): Buffer {
  if (src.length > 16 && src.subarray(0, 8).equals(XERIAL_MAGIC)) return xerialDecompress(src);
  return snappyBlock(src);
}

function xerialDecompress(src: Buffer): Buffer {
  const parts: Buffer[] = [];
  let total = 0;
  for (let at = 16; at < src.length; ) {
    if (at + 4 > src.length) throw new DecompressError('snappy', 'xerial block length cut short');
    const size = src.readUInt32BE(at);
    at += 4;
    if (at + size > src.length) throw new DecompressError('snappy', 'xerial block runs past the end');
    const block = snappyBlock(src.subarray(at, at + size));
    total += block.length;
    if (total > MAX_DECOMPRESSED_BYTES) throw new DecompressError('snappy', `more than ${MAX_DECOMPRESSED_BYTES} bytes`);
    parts.push(block);
    at += size;
  }
  return Buffer.concat(parts, total);
}

/** One raw snappy block: a varint of the decoded length, then literal and copy elements. */
export function snappyBlock(src: Buffer): Buffer {
  let at = 0;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    if (at >= src.length || shift > 28) throw new DecompressError('snappy', 'bad length header');
    const b = src[at++]!;
    length += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  if (length > MAX_DECOMPRESSED_BYTES) throw new DecompressError('snappy', `declares ${length} bytes (limit ${MAX_DECOMPRESSED_BYTES})`);
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
