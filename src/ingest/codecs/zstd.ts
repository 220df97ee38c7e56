/**
 * zstd (Kafka record batches, OTLP/HTTP `Content-Encoding: zstd`, OTLP/gRPC `grpc-encoding: zstd`): node:zlib's
 * native decoder where this Node has one (22.15 and later), else the decoder in zstd-decoder.ts (Node 20, as in
 * this repo's Dockerfile). Before either, kafkajs answered zstd batches "ZSTD compression not implemented" and the
 * consumer restarted at the same offset for ever; the HTTP and gRPC receivers refused zstd bodies.
 */
import * as zlib from 'node:zlib';
import { DecompressError, MAX_DECOMPRESSED_BYTES, overLimit } from './decompress-error.js';
import { zstdDecode } from './zstd-decoder.js';

type ZstdSync = (buf: Buffer, opts?: { maxOutputLength?: number }) => Buffer;
const nodeZstd = (zlib as unknown as { zstdDecompressSync?: ZstdSync }).zstdDecompressSync;

export function zstdDecompress(src: Buffer, max = MAX_DECOMPRESSED_BYTES): Buffer {
  if (!nodeZstd) return zstdDecode(src, max);
  try {
    return nodeZstd(src, { maxOutputLength: max });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw overLimit('zstd', max);
    throw new DecompressError('zstd', e instanceof Error ? e.message : String(e));
  }
}
