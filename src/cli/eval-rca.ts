/**
 * `aiops eval rca --dataset DIR`: ranks the root cause of every case of a dataset in RCAEval's layout and scores
 * AC@1, AC@3 and Avg@5 as RCAEval does at service level. `--cases N` first exports N simulated cases (every fault
 * kind, topologies of 10–60 services) into `--out DIR` (default: a temporary directory) and scores those.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { causalInputFromColumns } from '../rca/causal/from-columns.js';
import { rankCausal } from '../rca/causal/rank-causal.js';
import { parseIntArg, UsageError, type CliIo } from './io.js';
import { findCases, readCase } from './rcaeval-dataset.js';
import { exportRcaevalCases } from './rcaeval-export.js';
import { scoreOutcomes, type CaseOutcome } from './rca-scoring.js';

export async function evalRca(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { dataset: { type: 'string' }, cases: { type: 'string' }, 'from-seed': { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
  });
  let dir = values.dataset;
  if (!dir) {
    const cases = parseIntArg('cases', values.cases, 1, 10_000);
    if (cases === undefined) throw new UsageError('usage: aiops eval rca --dataset DIR | aiops eval rca --cases N [--from-seed S] [--out DIR]');
    dir = values.out ?? mkdtempSync(join(tmpdir(), 'aiops-rca-'));
    const fromSeed = parseIntArg('from-seed', values['from-seed'], 0, 2 ** 31) ?? 4001;
    io.err(`exporting ${cases} simulated cases into ${dir}`);
    await exportRcaevalCases({ dir, cases, fromSeed, onProgress: (c, i, total) => io.err(`${i + 1}/${total} ${c.case} (${c.services} services, ${c.seconds.toFixed(1)} s)`) });
  }
  const caseDirs = findCases(dir);
  if (!caseDirs.length) throw new UsageError(`no cases under "${dir}" (a case is a directory with data.csv and inject_time.txt)`);
  const outcomes: CaseOutcome[] = [];
  for (const caseDir of caseDirs) outcomes.push(evaluateCase(dir, caseDir, io));
  const score = scoreOutcomes(outcomes);
  const ms = outcomes.map((o) => o.ms ?? 0).sort((a, b) => a - b);
  const p95 = ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))];
  io.out(
    `\n${score.cases} cases: AC@1 ${score.ac1.toFixed(3)}, AC@3 ${score.ac3.toFixed(3)}, Avg@5 ${score.avg5.toFixed(3)}` +
      `${score.typeAccuracy !== undefined ? `, fault class right ${score.typeAccuracy.toFixed(3)}` : ''}, p95 ${p95.toFixed(0)} ms per case`,
  );
  for (const [kind, k] of Object.entries(score.byKind)) io.out(`  ${kind.padEnd(10)} ${String(k.cases).padStart(3)} cases  AC@1 ${k.ac1.toFixed(2)}  AC@3 ${k.ac3.toFixed(2)}`);
  io.out(`RESULT ${JSON.stringify({ method: 'otlp-aiops', dataset: dir, ...score, p95Ms: Math.round(p95), perCase: values.json ? outcomes : undefined })}`);
  return 0;
}

function evaluateCase(root: string, caseDir: string, io: CliIo): CaseOutcome {
  let c;
  try {
    c = readCase(root, caseDir);
  } catch (e) {
    io.err(`skipped: ${(e as Error).message}`);
    return { case: relative(root, caseDir), answer: '?', kind: '?', ranks: [], reason: (e as Error).message };
  }
  if (c.badCells.count) io.err(`${c.id}: ${c.badCells.count} cell(s) are not numbers, read as missing (first: ${c.badCells.first})`);
  const t0 = performance.now();
  const { input } = causalInputFromColumns(c);
  const result = rankCausal(input);
  const ms = performance.now() - t0;
  const ranks = result.causes.slice(0, 5).map((x) => x.service);
  const top = result.causes[0];
  const hit = ranks[0] === c.root ? 'ok ' : ranks.includes(c.root) ? `@${ranks.indexOf(c.root) + 1} ` : 'MISS';
  io.out(`${hit} ${c.id.padEnd(44)} ${c.fault.padEnd(8)} → ${ranks.slice(0, 3).join(', ') || `(none: ${result.reason})`}${top ? ` [${top.faultType}]` : ''}`);
  return { case: c.id, answer: c.root, kind: c.fault, ranks, predictedType: top?.faultType, ms, reason: result.reason };
}
