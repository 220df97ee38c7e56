/**
 * Issue 12 (item 7): property-based fuzzing in CI. Every target in properties.ts runs with a bounded number of
 * cases (a few seconds each); `bench/fuzz` runs the same properties for minutes.
 */
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { loadSqlGuard } from '../../src/query/sql-guard.js';
import { FUZZ_TARGETS } from './properties.js';

const RUNS = Number(process.env.AIOPS_FUZZ_RUNS ?? 300);

beforeAll(async () => {
  await loadSqlGuard();
});

describe('fuzz (fast-check)', () => {
  it.each(FUZZ_TARGETS.map((t) => [t.name, t] as const))('%s', async (_name, target) => {
    await fc.assert(target.property(), { numRuns: RUNS, interruptAfterTimeLimit: 8_000 });
  }, 20_000);
});
