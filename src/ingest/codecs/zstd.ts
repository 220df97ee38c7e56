/**
 * zstd (Kafka record batches, OTLP/HTTP `Content-Encoding: zstd`): node:zlib's decoder where this Node has one
 * (22.15 and later); on older Node a clear error that names the remedy instead of kafkajs' "ZSTD compression not
 * implemented". kafkajs cannot skip a batch it cannot decode: the consumer restarts at the same offset, so the log
 * line says what to change. `hasZstd` lets the HTTP receiver answer 415 instead.
 */
import * as zlib from 'node:zlib';
import { DecompressError, MAX_DECOMPRESSED_BYTES, overLimit } from './decompress-error.js';

type ZstdSync = (buf: Buffer, opts?: { maxOutputLength?: number }) => Buffer;
const nodeZstd = (zlib as unknown as { zstdDecompressSync?: ZstdSync }).zstdDecompressSync;

export const hasZstd = nodeZstd !== undefined;

export function zstdDecompress(src: Buffer, max = MAX_DECOMPRESSED_BYTES): Buffer {
  if (!nodeZstd) {
    throw new DecompressError('zstd', `Node ${process.versions.node} has no zstd decoder (Node 22.15 or later has one); set the Collector exporter's compression (kafka: producer.compression) to gzip, snappy or lz4, or run on Node 22.15+`);
  }
  try {
    return nodeZstd(src, { maxOutputLength: max });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw overLimit('zstd', max);
    throw new DecompressError('zstd', e instanceof Error ? e.message : String(e));
  }
}
