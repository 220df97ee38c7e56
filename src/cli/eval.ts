import type { Command } from './io.js';
import { UsageError } from './io.js';
import { evalDetect } from './eval-detect.js';

/** `aiops eval <detect|…>`: benchmark runs; the last stdout line is `RESULT {json}`. */
export const evalCommand: Command = async (argv, io) => {
  const [kind, ...rest] = argv;
  if (kind === 'detect') return evalDetect(rest, io);
  throw new UsageError(`usage: aiops eval detect [--seeds N] [--from-seed S] (got "${kind ?? ''}")`);
};
