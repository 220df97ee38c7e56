import type { Command } from './io.js';
import { UsageError } from './io.js';
import { evalDetect } from './eval-detect.js';
import { evalRemediation } from './eval-remediation.js';
import { evalNlq } from './eval-nlq.js';
import { evalRca } from './eval-rca.js';

/** `aiops eval <detect|remediation>`: benchmark runs; the last stdout line is `RESULT {json}`. */
export const evalCommand: Command = async (argv, io) => {
  const [kind, ...rest] = argv;
  if (kind === 'detect') return evalDetect(rest, io);
  if (kind === 'remediation') return evalRemediation(rest, io);
  if (kind === 'nlq') return evalNlq(rest, io);
  if (kind === 'rca') return evalRca(rest, io);
  throw new UsageError(`usage: aiops eval detect [--seeds N] [--from-seed S] [--clean-every N] [--profile classic|diverse] [--fault K,...] [--shard I/N] | aiops eval remediation [--seed N] [--fault K,...] [--approval-delay MIN] | aiops eval nlq [--cases DIR] [--verbose] | aiops eval rca --dataset DIR | --cases N [--from-seed S] [--out DIR] (got "${kind ?? ''}")`);
};
