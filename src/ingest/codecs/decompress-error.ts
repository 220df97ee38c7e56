/**
 * A body or record batch that does not decompress. Output is bounded: input that claims or grows past the limit
 * is refused instead of allocated (a few hundred KiB compressed can declare gigabytes); `tooLarge` tells that
 * case apart (HTTP answers it 413, not 400).
 */
export const MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

export class DecompressError extends Error {
  readonly tooLarge: boolean;
  constructor(codec: string, why: string, tooLarge = false) {
    super(`${codec} data does not decompress: ${why}`);
    this.name = 'DecompressError';
    this.tooLarge = tooLarge;
  }
}

export const overLimit = (codec: string, max: number) => new DecompressError(codec, `more than ${max} bytes`, true);
