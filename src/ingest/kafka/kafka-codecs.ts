/**
 * Teaches kafkajs to read the record batches the Collector's kafka exporter writes with `producer.compression:
 * snappy`, `lz4` or `zstd` (kafkajs itself reads only gzip). Without these, the first compressed batch made the consumer
 * crash with "Snappy compression not implemented" and restart at the same offset for ever: nothing was read from
 * that topic again (found with the real Collector, test/kafka/collector-real.test.ts).
 * zstd: ../codecs/zstd.ts (node:zlib's decoder where Node has one, else fzstd behind our bound).
 * kafkajs keeps its codecs in one module-level table, so this is done once per process.
 */
// kafkajs is CommonJS: Node's ESM loader does not see CompressionCodecs as a named export (`aiops serve` failed to
// start with "does not provide an export named 'CompressionCodecs'"; vitest's interop hid it), so the default export.
import kafkajs from 'kafkajs';
import { lz4Decompress } from '../codecs/lz4.js';
import { snappyDecompress } from '../codecs/snappy.js';
import { zstdDecompress } from '../codecs/zstd.js';

/** A decode-only codec: this process writes gzip or nothing, so compressing with it is a programming error. */
function decodeOnly(name: string, decompress: (b: Buffer) => Buffer | Promise<Buffer>) {
  const codec = {
    compress(): Promise<Buffer> {
      return Promise.reject(new Error(`${name}: this process reads ${name} record batches but does not write them`));
    },
    async decompress(buffer: Buffer): Promise<Buffer> {
      return decompress(buffer);
    },
  };
  return () => codec;
}

const { CompressionCodecs, CompressionTypes } = kafkajs;

let registered = false;

export function registerKafkaCodecs(): void {
  if (registered) return;
  registered = true;
  CompressionCodecs[CompressionTypes.Snappy] = decodeOnly('snappy', snappyDecompress);
  CompressionCodecs[CompressionTypes.LZ4] = decodeOnly('lz4', lz4Decompress);
  CompressionCodecs[CompressionTypes.ZSTD] = decodeOnly('zstd', zstdDecompress);
}
