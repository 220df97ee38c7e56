/** CLI plumbing: output streams, usage errors (exit 2) and the command signature. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
}

export type Command = (argv: string[], io: CliIo) => Promise<number>;

export class UsageError extends Error {}

export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2 } as const;

export function parseIsoArg(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const ms = Date.parse(v);
  if (!Number.isFinite(ms)) throw new UsageError(`--${name} must be an ISO time (got "${v}")`);
  return ms;
}

export function parseIntArg(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer in ${min}..${max} (got "${v}")`);
  return n;
}
