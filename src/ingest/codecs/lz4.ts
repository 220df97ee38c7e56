/**
 * LZ4 frame decompression (decode only): Kafka's v2 record batches carry an LZ4 frame
 * (github.com/lz4/lz4/blob/dev/doc/lz4_Frame_format.md), as the Collector's kafka exporter (franz-go, pierrec/lz4)
 * writes it, and so does its otlphttp exporter with `compression: lz4` (`Content-Encoding: lz4`). Checksums are skipped, not verified: the broker already checks the batch CRC, and old Kafka clients
 * wrote a wrong header checksum (KAFKA-1493). Blocks are decoded into one output, so linked blocks (matches
 * reaching into the previous block) decode as well as independent ones.
 */
import { DecompressError, MAX_DECOMPRESSED_BYTES, overLimit } from './decompress-error.js';
import { copyMatch } from './snappy.js';

const MAGIC = 0x184d2204;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE = 0x184d2a50;

/** A growing output buffer, bounded by `max` (MAX_DECOMPRESSED_BYTES by default). */
class Output {
  buf: Buffer;
  op = 0;
  constructor(
    hint: number,
    private readonly max: number,
  ) {
    this.buf = Buffer.allocUnsafe(Math.min(max, Math.max(64, hint)));
  }
  /** Room for n more bytes at `op`. */
  ensure(n: number): void {
    if (this.op + n <= this.buf.length) return;
    if (this.op + n > this.max) throw overLimit('lz4', this.max);
    const next = Buffer.allocUnsafe(Math.min(this.max, Math.max(this.buf.length * 2, this.op + n)));
    this.buf.copy(next, 0, 0, this.op);
    this.buf = next;
  }
}

export function lz4Decompress(src: Buffer, max = MAX_DECOMPRESSED_BYTES): Buffer {
  const out = new Output(src.length * 4, max);
  let at = 0;
  // A batch may hold several frames back to back (and skippable frames, which carry no data).
  while (at < src.length) {
    if (at + 4 > src.length) throw new DecompressError('lz4', 'frame magic cut short');
    const magic = src.readUInt32LE(at);
    at += 4;
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE) {
      if (at + 4 > src.length) throw new DecompressError('lz4', 'skippable frame cut short');
      at += 4 + src.readUInt32LE(at);
      continue;
    }
    if (magic !== MAGIC) throw new DecompressError('lz4', `not an LZ4 frame (magic 0x${magic.toString(16)})`);
    if (at + 2 > src.length) throw new DecompressError('lz4', 'frame descriptor cut short');
    const flg = src[at]!;
    if (flg >> 6 !== 1) throw new DecompressError('lz4', `frame version ${flg >> 6}`);
    const blockChecksum = (flg & 0x10) !== 0;
    const contentSize = (flg & 0x08) !== 0;
    const contentChecksum = (flg & 0x04) !== 0;
    const dictId = (flg & 0x01) !== 0;
    if (dictId) throw new DecompressError('lz4', 'frames with a dictionary are not supported');
    at += 2 + (contentSize ? 8 : 0) + 1; // FLG, BD, content size, header checksum
    for (;;) {
      if (at + 4 > src.length) throw new DecompressError('lz4', 'block size cut short');
      const word = src.readUInt32LE(at);
      at += 4;
      if (word === 0) break; // end mark
      const size = word & 0x7fffffff;
      if (at + size > src.length) throw new DecompressError('lz4', 'block runs past the end');
      if (word & 0x80000000) {
        out.ensure(size);
        src.copy(out.buf, out.op, at, at + size);
        out.op += size;
      } else {
        lz4Block(src, at, at + size, out);
      }
      at += size + (blockChecksum ? 4 : 0);
    }
    if (contentChecksum) at += 4;
    if (at > src.length) throw new DecompressError('lz4', 'checksum cut short');
  }
  return out.buf.subarray(0, out.op);
}

/** One LZ4 block (sequences of: token, literals, 2-byte offset, match) from src[start, end) onto `out`. */
function lz4Block(src: Buffer, start: number, end: number, out: Output): void {
  let at = start;
  while (at < end) {
    const token = src[at++]!;
    let lit = token >>> 4;
    if (lit === 15) {
      for (let b = 255; b === 255; ) {
        if (at >= end) throw new DecompressError('lz4', 'literal length cut short');
        b = src[at++]!;
        lit += b;
      }
    }
    if (at + lit > end) throw new DecompressError('lz4', 'literals run past the block');
    out.ensure(lit);
    src.copy(out.buf, out.op, at, at + lit);
    at += lit;
    out.op += lit;
    if (at === end) break; // the last sequence has literals only
    if (at + 2 > end) throw new DecompressError('lz4', 'match offset cut short');
    const offset = src.readUInt16LE(at);
    at += 2;
    let len = token & 15;
    if (len === 15) {
      for (let b = 255; b === 255; ) {
        if (at >= end) throw new DecompressError('lz4', 'match length cut short');
        b = src[at++]!;
        len += b;
      }
    }
    len += 4;
    if (offset === 0 || offset > out.op) throw new DecompressError('lz4', 'match outside the output');
    out.ensure(len);
    copyMatch(out.buf, out.op, offset, len);
    out.op += len;
  }
}
