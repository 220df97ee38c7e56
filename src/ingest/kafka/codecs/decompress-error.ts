/**
 * A record batch that does not decompress. Bounded output: a batch that claims or grows past the limit is refused
 * instead of allocated (a few hundred KiB compressed can declare gigabytes).
 */
export const MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

export class DecompressError extends Error {
  constructor(codec: string, why: string) {
    super(`${codec} record batch does not decompress: ${why}`);
    this.name = 'DecompressError';
  }
}
