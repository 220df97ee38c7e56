/**
 * A protobufjs reader that returns 64-bit integers as JS numbers instead of `Long` objects.
 *
 * protobufjs picks `Long` globally whenever the `long` package is installed, and setting
 * `protobuf.util.Long = undefined` would break other users of protobufjs in the same process
 * (Temporal's SDK needs Long). Overriding the five 64-bit readers on a subclass keeps the generated
 * `decode` functions untouched and avoids one Long allocation per timestamp. Values above 2^53 lose
 * precision (nanosecond timestamps keep ~0.25 µs), which the millisecond-based pipeline does not notice.
 */
import $protobuf from 'protobufjs/minimal.js';

const TWO_32 = 4294967296;

type RawReader = { buf: Uint8Array; pos: number; len: number; fixed32(): number };

// The two 32-bit halves of the last varint read (module scratch: decoding is synchronous).
let lo = 0;
let hi = 0;

function nextByte(r: RawReader): number {
  if (r.pos >= r.len) throw new RangeError('index out of range');
  return r.buf[r.pos++];
}

/** Reads a varint of up to 64 bits into `lo`/`hi`, as protobufjs' readLongVarint does. */
function readVarintBits(r: RawReader): void {
  lo = 0;
  hi = 0;
  let b = 0;
  for (let i = 0; i < 4; i++) {
    b = nextByte(r);
    lo = (lo | ((b & 127) << (i * 7))) >>> 0;
    if (b < 128) return;
  }
  b = nextByte(r);
  lo = (lo | ((b & 127) << 28)) >>> 0;
  hi = (b & 127) >> 4;
  if (b < 128) return;
  for (let i = 0; i < 5; i++) {
    b = nextByte(r);
    hi = (hi | ((b & 127) << (i * 7 + 3))) >>> 0;
    if (b < 128) return;
  }
  throw new Error('invalid varint encoding');
}

const unsignedBits = () => hi * TWO_32 + lo;
const signedBits = () => (hi | 0) * TWO_32 + lo;

function fixed64(this: RawReader): number {
  const low = this.fixed32();
  return this.fixed32() * TWO_32 + low;
}

function sfixed64(this: RawReader): number {
  const low = this.fixed32();
  return (this.fixed32() | 0) * TWO_32 + low;
}

function uint64(this: RawReader): number {
  readVarintBits(this);
  return unsignedBits();
}

function int64(this: RawReader): number {
  readVarintBits(this);
  return signedBits();
}

function sint64(this: RawReader): number {
  readVarintBits(this);
  const mask = -(lo & 1);
  lo = (((lo >>> 1) | (hi << 31)) ^ mask) >>> 0;
  hi = ((hi >>> 1) ^ mask) >>> 0;
  return signedBits();
}

class NumberReader extends $protobuf.BufferReader {}
Object.assign(NumberReader.prototype, { fixed64, sfixed64, uint64, int64, sint64 });

/** Wraps bytes (a Buffer view, no copy) in a reader whose 64-bit fields decode to numbers. */
export function numberReader(bytes: Uint8Array): $protobuf.Reader {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new NumberReader(buf);
}
