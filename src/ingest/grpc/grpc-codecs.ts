/**
 * Message compressions of the Collector's otlp (gRPC) exporter that grpc-js does not decode. The exporter offers
 * `compression: gzip` (default), `snappy` (the snappy framing format), `zstd` and `none`; the Collector's own
 * receiver decodes all of them. grpc-js decodes only gzip and deflate and answers UNIMPLEMENTED to the rest, which
 * the exporter takes as permanent: the data was dropped (found with the real Collector,
 * test/ingest/collector-otlpgrpc.test.ts). grpc-js has no hook for codecs, so its server call's message
 * decompression is wrapped: snappy and zstd are decoded here (src/ingest/codecs), everything else goes to
 * grpc-js as before. The wrapped method is internal to grpc-js (pinned by package-lock): when it is missing the
 * wrap is skipped, and the end-to-end test fails, rather than breaking the receiver.
 */
import { status as Code } from '@grpc/grpc-js';
import * as interceptors from '@grpc/grpc-js/build/src/server-interceptors.js';
import { DecompressError, MAX_DECOMPRESSED_BYTES } from '../codecs/decompress-error.js';
import { snappyDecompress } from '../codecs/snappy.js';
import { zstdDecompress } from '../codecs/zstd.js';

type Decompress = (this: { maxReceiveMessageSize?: number }, message: Buffer, encoding: string) => Buffer | Promise<Buffer>;
interface CallPrototype {
  decompressMessage?: Decompress;
}

const CODECS: Record<string, (b: Buffer, max: number) => Buffer> = {
  snappy: snappyDecompress,
  zstd: zstdDecompress,
};

let installed: boolean | undefined;

/** Wraps grpc-js' server-side message decompression once per process; false when grpc-js has no such method. */
export function installGrpcCodecs(): boolean {
  if (installed !== undefined) return installed;
  const proto = (interceptors as unknown as { BaseServerInterceptingCall?: { prototype: CallPrototype } }).BaseServerInterceptingCall?.prototype;
  const original = proto?.decompressMessage;
  if (!proto || typeof original !== 'function') return (installed = false);
  proto.decompressMessage = function (message, encoding) {
    const codec = CODECS[encoding];
    if (!codec) return original.call(this, message, encoding);
    const limit = this.maxReceiveMessageSize !== undefined && this.maxReceiveMessageSize > 0 ? this.maxReceiveMessageSize : MAX_DECOMPRESSED_BYTES;
    try {
      // The first 5 bytes are the gRPC message prefix (compressed flag, length).
      return codec(message.subarray(5), limit);
    } catch (e) {
      // The shapes grpc-js itself rejects with (its status is sent as is).
      return Promise.reject(e instanceof DecompressError && e.tooLarge
        ? { code: Code.RESOURCE_EXHAUSTED, details: `Received message that decompresses to a size larger than ${limit}` }
        : { code: Code.INTERNAL, details: 'Failed to decompress message' });
    }
  };
  return (installed = true);
}
