/**
 * zstd record batches: node:zlib's decoder where this Node has one (22.15 and later); on older Node a clear error
 * that names the remedy instead of kafkajs' "ZSTD compression not implemented". kafkajs cannot skip a batch it
 * cannot decode: the consumer restarts at the same offset, so the log line says what to change.
 */
import * as zlib from 'node:zlib';
import { DecompressError, MAX_DECOMPRESSED_BYTES } from './decompress-error.js';

type ZstdSync = (buf: Buffer, opts?: { maxOutputLength?: number }) => Buffer;
const nodeZstd = (zlib as unknown as { zstdDecompressSync?: ZstdSync }).zstdDecompressSync;

export function zstdDecompress(src: Buffer): Buffer {
  if (!nodeZstd) {
    throw new DecompressError('zstd', `Node ${process.versions.node} has no zstd decoder (Node 22.15 or later has one); set the Collector kafka exporter's producer.compression to gzip, snappy or lz4, or run on Node 22.15+`);
  }
  try {
    return nodeZstd(src, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
  } catch (e) {
    throw new DecompressError('zstd', e instanceof Error ? e.message : String(e));
  }
}
