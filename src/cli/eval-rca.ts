/**
 * `aiops eval rca --dataset DIR`: ranks the root cause of every case of a dataset in RCAEval's layout and scores
 * AC@1, AC@3 and Avg@5 as RCAEval does at service level — overall, per fault kind and per recording day (when the
 * cases' source.json names one). `--cases N` first exports N simulated cases (every fault kind, topologies of
 * 10–60 services) into `--out DIR` (default: a temporary directory) and scores those.
 *
 * What the method is given (printed first): `--onset detector` (default) the onset the online detector found and
 * only the rows up to onset + `--after` minutes (3); `--onset injected` the exact injection time and every row
 * after it (an oracle, for comparison only); `--no-graph` drops the call graph. See src/eval/rca-protocol.ts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { describeProtocol, prepareCase, type ProtocolOptions } from '../eval/rca-protocol.js';
import { rankCausal } from '../rca/causal/rank-causal.js';
import { parseIntArg, UsageError, type CliIo } from './io.js';
import { findCases, readCase } from './rcaeval-dataset.js';
import { exportRcaevalCases } from './rcaeval-export.js';
import { scoreOutcomes, type CaseOutcome } from './rca-scoring.js';

const USAGE = 'usage: aiops eval rca --dataset DIR | --cases N [--from-seed S] [--out DIR]  [--onset detector|injected] [--after MIN] [--no-graph] [--json]';

export async function evalRca(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dataset: { type: 'string' },
      cases: { type: 'string' },
      'from-seed': { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      onset: { type: 'string' },
      after: { type: 'string' },
      'no-graph': { type: 'boolean' },
    },
  });
  const onset = values.onset ?? 'detector';
  if (onset !== 'detector' && onset !== 'injected') throw new UsageError(`--onset must be detector or injected (got "${onset}")\n${USAGE}`);
  const protocol: ProtocolOptions = { onset, after: parseIntArg('after', values.after, 0, 60) ?? 3, graph: !values['no-graph'] };
  let dir = values.dataset;
  if (!dir) {
    const cases = parseIntArg('cases', values.cases, 1, 10_000);
    if (cases === undefined) throw new UsageError(USAGE);
    dir = values.out ?? mkdtempSync(join(tmpdir(), 'aiops-rca-'));
    const fromSeed = parseIntArg('from-seed', values['from-seed'], 0, 2 ** 31) ?? 4001;
    io.err(`exporting ${cases} simulated cases into ${dir}`);
    await exportRcaevalCases({ dir, cases, fromSeed, onProgress: (c, i, total) => io.err(`${i + 1}/${total} ${c.case} (${c.services} services, ${c.seconds.toFixed(1)} s)`) });
  }
  const caseDirs = findCases(dir);
  if (!caseDirs.length) throw new UsageError(`no cases under "${dir}" (a case is a directory with data.csv and inject_time.txt)`);
  io.out(describeProtocol(protocol));
  const outcomes: CaseOutcome[] = [];
  for (const caseDir of caseDirs) outcomes.push(evaluateCase(dir, caseDir, protocol, io));
  const score = scoreOutcomes(outcomes);
  const ms = outcomes.map((o) => o.ms ?? 0).sort((a, b) => a - b);
  const p95 = ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))];
  const unranked = outcomes.filter((o) => !o.ranks.length).length;
  io.out(
    `\n${score.cases} cases: AC@1 ${score.ac1.toFixed(3)}, AC@3 ${score.ac3.toFixed(3)}, Avg@5 ${score.avg5.toFixed(3)}` +
      `${score.typeAccuracy !== undefined ? `, fault class right ${score.typeAccuracy.toFixed(3)}` : ''}, ${unranked} unranked, p95 ${p95.toFixed(0)} ms per case`,
  );
  if (protocol.onset === 'detector') {
    const undetected = outcomes.filter((o) => o.detection === 'undetected').length;
    const falseAlarms = outcomes.reduce((a, o) => a + (o.falseAlarms ?? 0), 0);
    io.out(`detector: ${outcomes.length - undetected} of ${outcomes.length} faults alarmed (${undetected} ranked at the strongest row instead), ${falseAlarms} false alarm(s) before a fault`);
  }
  printKinds(score.byKind, io);
  const days = [...new Set(outcomes.map((o) => o.day).filter((d): d is string => !!d))].sort();
  const byDay: Record<string, ReturnType<typeof scoreOutcomes>> = {};
  for (const day of days) {
    const s = (byDay[day] = scoreOutcomes(outcomes.filter((o) => o.day === day)));
    io.out(`day ${day}: ${s.cases} cases: AC@1 ${s.ac1.toFixed(3)}, AC@3 ${s.ac3.toFixed(3)}, Avg@5 ${s.avg5.toFixed(3)}`);
    printKinds(s.byKind, io);
  }
  const mode = { onset: protocol.onset, after: protocol.onset === 'detector' ? protocol.after : undefined, graph: protocol.graph };
  io.out(`RESULT ${JSON.stringify({ method: 'otlp-aiops', dataset: dir, mode, ...score, unranked, byDay: days.length ? byDay : undefined, p95Ms: Math.round(p95), perCase: values.json ? outcomes : undefined })}`);
  return 0;
}

function printKinds(byKind: Record<string, { cases: number; ac1: number; ac3: number }>, io: CliIo): void {
  for (const [kind, k] of Object.entries(byKind)) io.out(`  ${kind.padEnd(14)} ${String(k.cases).padStart(3)} cases  AC@1 ${k.ac1.toFixed(2)}  AC@3 ${k.ac3.toFixed(2)}`);
}

function evaluateCase(root: string, caseDir: string, protocol: ProtocolOptions, io: CliIo): CaseOutcome {
  let c;
  try {
    c = readCase(root, caseDir);
  } catch (e) {
    io.err(`skipped: ${(e as Error).message}`);
    return { case: relative(root, caseDir), answer: '?', kind: '?', ranks: [], reason: (e as Error).message };
  }
  if (c.badCells.count) io.err(`${c.id}: ${c.badCells.count} cell(s) are not numbers, read as missing (first: ${c.badCells.first})`);
  const t0 = performance.now();
  const prepared = prepareCase(c, protocol);
  if (prepared.ignored.length) io.err(`${c.id}: ${prepared.ignored.length} column(s) not modelled: ${prepared.ignored.slice(0, 8).join(', ')}${prepared.ignored.length > 8 ? ', …' : ''}`);
  const result = rankCausal(prepared.input);
  const ms = performance.now() - t0;
  const ranks = result.causes.slice(0, 5).map((x) => x.service);
  const top = result.causes[0];
  const hit = ranks[0] === c.root ? 'ok ' : ranks.includes(c.root) ? `@${ranks.indexOf(c.root) + 1} ` : 'MISS';
  const seen = protocol.onset === 'detector' ? ` (${prepared.detection}, onset ${prepared.onsetOffset >= 0 ? '+' : ''}${prepared.onsetOffset} min, ${prepared.rowsSeen} rows)` : '';
  io.out(`${hit} ${c.id.padEnd(44)} ${c.fault.padEnd(14)} → ${ranks.slice(0, 3).join(', ') || `(none: ${result.reason})`}${top ? ` [${top.faultType}]` : ''}${seen}`);
  return {
    case: c.id,
    answer: c.root,
    kind: c.fault,
    ranks,
    predictedType: top?.faultType,
    ms,
    reason: result.reason,
    day: c.day,
    detection: prepared.detection,
    falseAlarms: prepared.falseAlarms,
  };
}
