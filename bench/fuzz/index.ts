/**
 * Fuzzes for minutes what test/fuzz checks in seconds: every property in test/fuzz/properties.ts (OTLP decoders,
 * Slack and Alertmanager parsers, API bodies, SQL guard), round-robin with fresh seeds, until time runs out.
 * A crash is a property failure (the input and error are printed); a hang is one input that took longer than
 * --hang-ms. Prints `RESULT {json}` last.
 * Run: npx tsx bench/fuzz/index.ts [--minutes 10] [--runs-per-round 200] [--hang-ms 2000]
 */
import fc from 'fast-check';
import { loadSqlGuard } from '../../src/query/sql-guard.js';
import { FUZZ_TARGETS } from '../../test/fuzz/properties.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const minutes = arg('minutes', 10);
const runsPerRound = arg('runs-per-round', 200);
const hangMs = arg('hang-ms', 2_000);

await loadSqlGuard();
const deadline = Date.now() + minutes * 60_000;
const perTarget: Record<string, { runs: number; crashes: number; hangs: number; slowestMs: number }> = {};
const failures: { target: string; seed: number; counterexample: string; error: string }[] = [];
let runs = 0;
let crashes = 0;
let hangs = 0;
let nextReport = Date.now() + 60_000;

while (Date.now() < deadline) {
  for (const target of FUZZ_TARGETS) {
    if (Date.now() >= deadline) break;
    const stats = (perTarget[target.name] ??= { runs: 0, crashes: 0, hangs: 0, slowestMs: 0 });
    let started = 0;
    // Times every single input: a slow input is a hang even when it eventually returns.
    const property = (target.property() as unknown as fc.IPropertyWithHooks<unknown[]>)
      .beforeEach((previous: () => unknown) => {
        started = performance.now();
        return previous();
      })
      .afterEach((previous: () => unknown) => {
        const ms = performance.now() - started;
        stats.slowestMs = Math.max(stats.slowestMs, Math.round(ms));
        if (ms > hangMs) {
          stats.hangs++;
          hangs++;
        }
        return previous();
      });
    const seed = Math.floor(Math.random() * 2 ** 31);
    const details = await fc.check(property, { numRuns: runsPerRound, seed, endOnFailure: true });
    stats.runs += details.numRuns;
    runs += details.numRuns;
    if (details.failed) {
      stats.crashes++;
      crashes++;
      const failure = { target: target.name, seed, counterexample: JSON.stringify(details.counterexample, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v))?.slice(0, 500) ?? '', error: String(details.errorInstance).slice(0, 300) };
      if (failures.length < 20) failures.push(failure);
      process.stderr.write(`CRASH ${JSON.stringify(failure)}\n`);
    }
  }
  if (Date.now() >= nextReport) {
    process.stderr.write(`fuzz: ${runs} runs, ${crashes} crashes, ${hangs} hangs, ${Math.ceil((deadline - Date.now()) / 1000)} s left\n`);
    nextReport += 60_000;
  }
}

console.log(`RESULT ${JSON.stringify({ minutes, runs, crashes, hangs, hangMs, targets: perTarget, failures })}`);
