/**
 * A zstd decoder (RFC 8878) for Node without `node:zlib` zstd (before 22.15; this repo's Dockerfile runs Node 20).
 * The Collector compresses with zstd on all three transports (kafka `producer.compression`, otlphttp and otlp
 * `compression`), and zstd is the usual recommendation for Kafka. Decode only: frames (several, and skippable ones),
 * raw / RLE / compressed blocks, Huffman literals (1 or 4 streams, treeless reuse), FSE sequences (predefined, RLE,
 * compressed, repeat) and repeat offsets. Not supported: dictionaries (the Collector uses none). The content
 * checksum is skipped (Kafka's batch CRC and TCP already guard the bytes; the OTLP decoder rejects garbage).
 */
import { DecompressError, MAX_DECOMPRESSED_BYTES, overLimit } from './decompress-error.js';

const fail = (why: string): never => {
  throw new DecompressError('zstd', why);
};

/** Little-endian bit field [start, start + n) of `b`; bits below 0 read as zeros (backward streams may run out). */
function bitsAt(b: Uint8Array, start: number, n: number): number {
  if (n === 0) return 0;
  if (start < 0) {
    if (start + n <= 0) return 0;
    return bitsAt(b, 0, n + start) * 2 ** -start;
  }
  if (n > 24) return bitsAt(b, start, 24) + bitsAt(b, start + 24, n - 24) * 2 ** 24;
  const i = start >>> 3;
  const v = (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16) | ((b[i + 3] ?? 0) << 24);
  return (v >>> (start & 7)) & ((1 << n) - 1);
}

/** A backward bit stream (Huffman and FSE payloads): read from the end, after the final 1 bit that marks it. */
class BackwardBits {
  pos: number;
  constructor(
    private readonly b: Uint8Array,
    start: number,
    end: number,
  ) {
    if (end <= start) fail('empty bit stream');
    const last = b[end - 1]!;
    if (last === 0) fail('bit stream without its end mark');
    this.b = b.subarray(start, end);
    this.pos = (end - start - 1) * 8 + (31 - Math.clz32(last));
  }
  read(n: number): number {
    this.pos -= n;
    return bitsAt(this.b, this.pos, n);
  }
  peek(n: number): number {
    return bitsAt(this.b, this.pos - n, n);
  }
}

/** An FSE decoding table: per state, its symbol, the bits to read and the base of the next state. */
interface FseTable {
  log: number;
  symbol: Uint8Array;
  bits: Uint8Array;
  base: Uint16Array;
}

function buildFse(norm: number[], log: number): FseTable {
  const size = 1 << log;
  const symbol = new Uint8Array(size);
  const bits = new Uint8Array(size);
  const base = new Uint16Array(size);
  const next = new Array<number>(norm.length);
  let high = size - 1;
  for (let s = 0; s < norm.length; s++) {
    if (norm[s] === -1) {
      symbol[high--] = s;
      next[s] = 1;
    } else next[s] = norm[s]!;
  }
  const step = (size >>> 1) + (size >>> 3) + 3;
  let pos = 0;
  for (let s = 0; s < norm.length; s++) {
    for (let i = 0; i < norm[s]!; i++) {
      symbol[pos] = s;
      do pos = (pos + step) & (size - 1);
      while (pos > high);
    }
  }
  if (pos !== 0) fail('bad FSE distribution');
  for (let u = 0; u < size; u++) {
    const s = symbol[u]!;
    const n = next[s]!++;
    const nb = log - (31 - Math.clz32(n));
    bits[u] = nb;
    base[u] = (n << nb) - size;
  }
  return { log, symbol, bits, base };
}

/** Reads an FSE table description (forward bits) at `at`; returns the table and the bytes it took. */
function readFse(src: Uint8Array, at: number, end: number, maxLog: number, maxSymbol: number): [FseTable, number] {
  const b = src.subarray(at, end);
  let bit = 0;
  const log = bitsAt(b, 0, 4) + 5;
  bit = 4;
  if (log > maxLog) fail(`FSE accuracy ${log} over ${maxLog}`);
  let remaining = (1 << log) + 1;
  let threshold = 1 << log;
  let nb = log + 1;
  const norm: number[] = [];
  let previous0 = false;
  while (remaining > 1 && norm.length <= maxSymbol) {
    if (previous0) {
      let n0 = norm.length;
      let r: number;
      while ((r = bitsAt(b, bit, 2)) === 3) {
        n0 += 3;
        bit += 2;
      }
      n0 += r;
      bit += 2;
      if (n0 > maxSymbol + 1) fail('FSE zero run past the last symbol');
      while (norm.length < n0) norm.push(0);
      if (norm.length > maxSymbol) break;
    }
    const max = 2 * threshold - 1 - remaining;
    let count: number;
    const low = bitsAt(b, bit, nb - 1);
    if (low < max) {
      count = low;
      bit += nb - 1;
    } else {
      count = bitsAt(b, bit, nb);
      if (count >= threshold) count -= max;
      bit += nb;
    }
    count--;
    remaining -= count < 0 ? -count : count;
    norm.push(count);
    previous0 = count === 0;
    while (remaining < threshold) {
      nb--;
      threshold >>>= 1;
    }
    if (bit > b.length * 8) fail('FSE description cut short');
  }
  if (remaining !== 1) fail('FSE description does not add up');
  return [buildFse(norm, log), (bit + 7) >>> 3];
}

const rleFse = (s: number): FseTable => ({ log: 0, symbol: Uint8Array.of(s), bits: Uint8Array.of(0), base: Uint16Array.of(0) });

const LL_NORM = [4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1, -1, -1, -1, -1];
const ML_NORM = [1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1];
const OF_NORM = [1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1];
const LL_DEFAULT = buildFse(LL_NORM, 6);
const ML_DEFAULT = buildFse(ML_NORM, 6);
const OF_DEFAULT = buildFse(OF_NORM, 5);
/** Literal and match length codes above the direct ones: [baseline, extra bits]. */
const LL_CODES: [number, number][] = [[16, 1], [18, 1], [20, 1], [22, 1], [24, 2], [28, 2], [32, 3], [40, 3], [48, 4], [64, 6], [128, 7], [256, 8], [512, 9], [1024, 10], [2048, 11], [4096, 12], [8192, 13], [16384, 14], [32768, 15], [65536, 16]];
const ML_CODES: [number, number][] = [[35, 1], [37, 1], [39, 1], [41, 1], [43, 2], [47, 2], [51, 3], [59, 3], [67, 4], [83, 4], [99, 5], [131, 7], [259, 8], [515, 9], [1027, 10], [2051, 11], [4099, 12], [8195, 13], [16387, 14], [32771, 15], [65539, 16]];

/** A Huffman decoding table indexed by the next `maxBits` bits. */
interface Huffman {
  maxBits: number;
  symbol: Uint8Array;
  bits: Uint8Array;
}

/** Reads a Huffman tree description at `at`; returns the table and the bytes it took. */
function readHuffman(src: Uint8Array, at: number, end: number): [Huffman, number] {
  const header = src[at] ?? fail('Huffman description cut short');
  const weights: number[] = [];
  let used: number;
  if (header < 128) {
    used = 1 + header;
    if (at + used > end) fail('Huffman weights cut short');
    const [fse, taken] = readFse(src, at + 1, at + used, 6, 255);
    const stream = new BackwardBits(src, at + 1 + taken, at + used);
    let s1 = stream.read(fse.log);
    let s2 = stream.read(fse.log);
    // Two interleaved states until the stream is overrun; then the other state's symbol is the last weight.
    for (;;) {
      weights.push(fse.symbol[s1]!);
      s1 = fse.base[s1]! + stream.read(fse.bits[s1]!);
      if (stream.pos < 0) {
        weights.push(fse.symbol[s2]!);
        break;
      }
      weights.push(fse.symbol[s2]!);
      s2 = fse.base[s2]! + stream.read(fse.bits[s2]!);
      if (stream.pos < 0) {
        weights.push(fse.symbol[s1]!);
        break;
      }
      if (weights.length > 255) fail('too many Huffman weights');
    }
  } else {
    const n = header - 127;
    used = 1 + ((n + 1) >>> 1);
    if (at + used > end) fail('Huffman weights cut short');
    for (let i = 0; i < n; i++) {
      const byte = src[at + 1 + (i >>> 1)]!;
      weights.push(i % 2 === 0 ? byte >>> 4 : byte & 15);
    }
  }
  let total = 0;
  for (const w of weights) if (w > 0) total += 1 << (w - 1);
  if (total === 0) fail('Huffman weights all zero');
  const maxBits = 32 - Math.clz32(total);
  if (maxBits > 11) fail(`Huffman code length ${maxBits} over 11`);
  const rest = (1 << maxBits) - total;
  const lastWeight = 31 - Math.clz32(rest) + 1;
  if (rest !== 1 << (lastWeight - 1)) fail('Huffman weights do not complete a tree');
  weights.push(lastWeight);
  const size = 1 << maxBits;
  const symbol = new Uint8Array(size);
  const bits = new Uint8Array(size);
  const rankStart = new Array<number>(maxBits + 2).fill(0);
  const count = new Array<number>(maxBits + 2).fill(0);
  for (const w of weights) count[w]!++;
  let next = 0;
  for (let w = 1; w <= maxBits; w++) {
    rankStart[w] = next;
    next += count[w]! << (w - 1);
  }
  for (let s = 0; s < weights.length; s++) {
    const w = weights[s]!;
    if (w === 0) continue;
    const len = 1 << (w - 1);
    const from = rankStart[w]!;
    symbol.fill(s, from, from + len);
    bits.fill(maxBits + 1 - w, from, from + len);
    rankStart[w] = from + len;
  }
  return [{ maxBits, symbol, bits }, used];
}

function huffmanStream(src: Uint8Array, start: number, end: number, h: Huffman, out: Uint8Array, op: number, n: number): void {
  const s = new BackwardBits(src, start, end);
  for (let i = 0; i < n; i++) {
    const k = s.peek(h.maxBits);
    out[op + i] = h.symbol[k]!;
    s.pos -= h.bits[k]!;
  }
  if (s.pos !== 0) fail('Huffman stream not consumed exactly');
}

/** State carried from block to block within a frame. */
interface FrameState {
  huffman?: Huffman;
  ll?: FseTable;
  of?: FseTable;
  ml?: FseTable;
  reps: [number, number, number];
}

/** Output of one zstd input, growing up to `max`. */
class Output {
  buf: Uint8Array;
  op = 0;
  constructor(
    hint: number,
    private readonly max: number,
  ) {
    this.buf = new Uint8Array(Math.min(max, Math.max(256, hint)));
  }
  ensure(n: number): void {
    if (this.op + n <= this.buf.length) return;
    if (this.op + n > this.max) throw overLimit('zstd', this.max);
    const next = new Uint8Array(Math.min(this.max, Math.max(this.buf.length * 2, this.op + n)));
    next.set(this.buf.subarray(0, this.op));
    this.buf = next;
  }
}

function literalsSection(src: Uint8Array, at: number, end: number, st: FrameState): [Uint8Array, number] {
  const b0 = src[at] ?? fail('literals header cut short');
  const type = b0 & 3;
  const format = (b0 >>> 2) & 3;
  if (type === 0 || type === 1) {
    let size: number;
    let header: number;
    if (format === 0 || format === 2) [size, header] = [b0 >>> 3, 1];
    else if (format === 1) [size, header] = [(b0 >>> 4) + (src[at + 1]! << 4), 2];
    else [size, header] = [(b0 >>> 4) + (src[at + 1]! << 4) + (src[at + 2]! << 12), 3];
    if (size > 128 * 1024) fail('literals over 128 KiB');
    if (type === 0) {
      if (at + header + size > end) fail('raw literals cut short');
      return [src.subarray(at + header, at + header + size), header + size];
    }
    if (at + header >= end) fail('RLE literal cut short');
    return [new Uint8Array(size).fill(src[at + header]!), header + 1];
  }
  const b1 = src[at + 1] ?? 0;
  const b2 = src[at + 2] ?? 0;
  let regen: number;
  let comp: number;
  let header: number;
  let streams = 4;
  if (format <= 1) {
    streams = format === 0 ? 1 : 4;
    header = 3;
    regen = (b0 >>> 4) | ((b1 & 0x3f) << 4);
    comp = (b1 >>> 6) | (b2 << 2);
  } else if (format === 2) {
    header = 4;
    regen = (b0 >>> 4) | (b1 << 4) | ((b2 & 3) << 12);
    comp = (b2 >>> 2) | ((src[at + 3] ?? 0) << 6);
  } else {
    header = 5;
    regen = (b0 >>> 4) | (b1 << 4) | ((b2 & 0x3f) << 12);
    comp = (b2 >>> 6) | ((src[at + 3] ?? 0) << 2) | ((src[at + 4] ?? 0) << 10);
  }
  let p = at + header;
  const stop = p + comp;
  if (stop > end) fail('compressed literals cut short');
  if (type === 2) {
    const [h, used] = readHuffman(src, p, stop);
    st.huffman = h;
    p += used;
  }
  const h = st.huffman ?? fail('treeless literals without a previous table');
  const out = new Uint8Array(regen);
  if (streams === 1) {
    huffmanStream(src, p, stop, h, out, 0, regen);
  } else {
    if (p + 6 > stop) fail('jump table cut short');
    const s1 = src[p]! | (src[p + 1]! << 8);
    const s2 = src[p + 2]! | (src[p + 3]! << 8);
    const s3 = src[p + 4]! | (src[p + 5]! << 8);
    p += 6;
    const part = (regen + 3) >>> 2;
    const starts = [p, p + s1, p + s1 + s2, p + s1 + s2 + s3];
    if (starts[3]! > stop) fail('jump table past the literals');
    for (let i = 0; i < 4; i++) {
      const n = i < 3 ? part : regen - 3 * part;
      huffmanStream(src, starts[i]!, i < 3 ? starts[i + 1]! : stop, h, out, i * part, n);
    }
  }
  return [out, stop - at];
}

function sequenceTable(mode: number, src: Uint8Array, at: number, end: number, def: FseTable, maxLog: number, maxSymbol: number, prev: FseTable | undefined): [FseTable, number] {
  if (mode === 0) return [def, 0];
  if (mode === 1) return [rleFse(src[at] ?? fail('RLE symbol cut short')), 1];
  if (mode === 2) return readFse(src, at, end, maxLog, maxSymbol);
  return [prev ?? fail('repeat mode without a previous table'), 0];
}

function compressedBlock(src: Uint8Array, at: number, end: number, st: FrameState, out: Output): void {
  const [literals, litUsed] = literalsSection(src, at, end, st);
  let p = at + litUsed;
  const b0 = src[p] ?? fail('sequences header cut short');
  // Number of sequences: one byte below 128, two below 255, else three.
  let nbSeq: number;
  if (b0 < 128) nbSeq = b0;
  else if (b0 < 255) [nbSeq, p] = [((b0 - 128) << 8) + src[p + 1]!, p + 1];
  else [nbSeq, p] = [src[p + 1]! + (src[p + 2]! << 8) + 0x7f00, p + 2];
  p++;
  let lit = 0;
  if (nbSeq > 0) {
    const modes = src[p++] ?? fail('compression modes cut short');
    let used: number;
    [st.ll, used] = sequenceTable(modes >>> 6, src, p, end, LL_DEFAULT, 9, 35, st.ll);
    p += used;
    [st.of, used] = sequenceTable((modes >>> 4) & 3, src, p, end, OF_DEFAULT, 8, 31, st.of);
    p += used;
    [st.ml, used] = sequenceTable((modes >>> 2) & 3, src, p, end, ML_DEFAULT, 9, 52, st.ml);
    p += used;
    const { ll, of, ml } = st as Required<FrameState>;
    const s = new BackwardBits(src, p, end);
    let sLL = s.read(ll.log);
    let sOF = s.read(of.log);
    let sML = s.read(ml.log);
    const reps = st.reps;
    for (let i = 0; i < nbSeq; i++) {
      const ofCode = of.symbol[sOF]!;
      const mlCode = ml.symbol[sML]!;
      const llCode = ll.symbol[sLL]!;
      if (ofCode > 31) fail('offset code over 31');
      let offset = 2 ** ofCode + s.read(ofCode);
      const mlc = mlCode < 32 ? [mlCode + 3, 0] : ML_CODES[mlCode - 32] ?? fail('bad match length code');
      const matchLen = mlc[0]! + s.read(mlc[1]!);
      const llc = llCode < 16 ? [llCode, 0] : LL_CODES[llCode - 16] ?? fail('bad literal length code');
      const litLen = llc[0]! + s.read(llc[1]!);
      if (offset > 3) {
        offset -= 3;
        reps[2] = reps[1];
        reps[1] = reps[0];
        reps[0] = offset;
      } else {
        const idx = offset - 1 + (litLen === 0 ? 1 : 0);
        if (idx === 0) offset = reps[0];
        else {
          offset = idx === 3 ? reps[0] - 1 : reps[idx]!;
          if (idx !== 1) reps[2] = reps[1];
          reps[1] = reps[0];
          reps[0] = offset;
        }
      }
      if (i + 1 < nbSeq) {
        sLL = ll.base[sLL]! + s.read(ll.bits[sLL]!);
        sML = ml.base[sML]! + s.read(ml.bits[sML]!);
        sOF = of.base[sOF]! + s.read(of.bits[sOF]!);
      }
      if (lit + litLen > literals.length) fail('sequence past the literals');
      out.ensure(litLen + matchLen);
      out.buf.set(literals.subarray(lit, lit + litLen), out.op);
      out.op += litLen;
      lit += litLen;
      if (offset === 0 || offset > out.op) fail('match outside the output');
      const buf = out.buf;
      let from = out.op - offset;
      if (offset >= matchLen) buf.copyWithin(out.op, from, from + matchLen);
      else for (let k = 0; k < matchLen; k++) buf[out.op + k] = buf[from++]!;
      out.op += matchLen;
    }
    if (s.pos !== 0) fail('sequence stream not consumed exactly');
  }
  const restLen = literals.length - lit;
  out.ensure(restLen);
  out.buf.set(literals.subarray(lit), out.op);
  out.op += restLen;
}

/** Decodes every frame of `src` (skippable frames skipped); output bounded by `max`. */
export function zstdDecode(src: Uint8Array, max = MAX_DECOMPRESSED_BYTES): Buffer {
  const out = new Output(src.length * 4, max);
  let at = 0;
  while (at < src.length) {
    if (at + 4 > src.length) fail('frame magic cut short');
    const magic = (src[at]! | (src[at + 1]! << 8) | (src[at + 2]! << 16) | (src[at + 3]! << 24)) >>> 0;
    at += 4;
    if ((magic & 0xfffffff0) >>> 0 === 0x184d2a50) {
      at += 4 + bitsAt(src, at * 8, 32);
      continue;
    }
    if (magic !== 0xfd2fb528) fail(`not a zstd frame (magic 0x${magic.toString(16)})`);
    const fhd = src[at++] ?? fail('frame header cut short');
    const fcsFlag = fhd >>> 6;
    const single = (fhd & 0x20) !== 0;
    const checksum = (fhd & 0x04) !== 0;
    const dictFlag = fhd & 3;
    if (fhd & 0x08) fail('reserved frame header bit set');
    if (!single) at++; // window descriptor: the whole frame is kept, so its size does not matter here
    if (dictFlag !== 0) {
      const dictBytes = [0, 1, 2, 4][dictFlag]!;
      if (bitsAt(src, at * 8, dictBytes * 8) !== 0) fail('frames that need a dictionary are not supported');
      at += dictBytes;
    }
    at += [single ? 1 : 0, 2, 4, 8][fcsFlag]!;
    const st: FrameState = { reps: [1, 4, 8] };
    for (let last = false; !last; ) {
      if (at + 3 > src.length) fail('block header cut short');
      const h = src[at]! | (src[at + 1]! << 8) | (src[at + 2]! << 16);
      at += 3;
      last = (h & 1) === 1;
      const type = (h >>> 1) & 3;
      const size = h >>> 3;
      if (type === 1) {
        if (at >= src.length) fail('RLE block cut short');
        out.ensure(size);
        out.buf.fill(src[at]!, out.op, out.op + size);
        out.op += size;
        at += 1;
        continue;
      }
      if (at + size > src.length) fail('block runs past the end');
      if (type === 0) {
        out.ensure(size);
        out.buf.set(src.subarray(at, at + size), out.op);
        out.op += size;
      } else if (type === 2) {
        compressedBlock(src, at, at + size, st, out);
      } else fail('reserved block type');
      at += size;
    }
    if (checksum) at += 4;
    if (at > src.length) fail('checksum cut short');
  }
  return Buffer.from(out.buf.buffer, out.buf.byteOffset, out.op);
}
