/** `aiops eval detect`: argument parsing and printing; the evaluation itself lives in src/eval/detect-eval.ts. */
import { parseArgs } from 'node:util';
import { FAULT_KINDS, isFaultKind } from '../core/fault-kinds.js';
import { DETECT_EVAL_MODE, runDetectEval } from '../eval/detect-eval.js';
import { parseIntArg, UsageError, type Command } from './io.js';

export const evalDetect = async (argv: string[], io: Parameters<Command>[1]): Promise<number> => {
  const { values } = parseArgs({
    args: argv,
    options: { seeds: { type: 'string' }, 'from-seed': { type: 'string' }, 'clean-every': { type: 'string' }, profile: { type: 'string' }, fault: { type: 'string' }, shard: { type: 'string' } },
  });
  const profile = values.profile ?? 'diverse';
  if (profile !== 'classic' && profile !== 'diverse') throw new UsageError(`--profile must be classic or diverse, got "${profile}"`);
  const kinds = values.fault ? values.fault.split(',') : [...FAULT_KINDS];
  const bad = kinds.filter((k) => !isFaultKind(k));
  if (bad.length) throw new UsageError(`--fault must name kinds among ${FAULT_KINDS.join(', ')} (got ${bad.join(', ')})`);
  const o = {
    seeds: parseIntArg('seeds', values.seeds, 1, 10_000) ?? 20,
    fromSeed: parseIntArg('from-seed', values['from-seed'], 0, 2 ** 31) ?? 1000,
    cleanEvery: parseIntArg('clean-every', values['clean-every'], 0, 100) ?? 5,
    profile: profile as 'classic' | 'diverse',
    kinds: kinds.filter(isFaultKind),
    shard: parseShard(values.shard),
  } as const;
  io.out(`mode: profile ${o.profile}, kinds ${o.kinds.join(',')}, seeds ${o.fromSeed}–${o.fromSeed + o.seeds - 1}, ${o.cleanEvery ? `every ${o.cleanEvery}th run fault-free` : 'no fault-free runs'}; ${DETECT_EVAL_MODE}`);
  const s = await runDetectEval(o, (l, score) => {
    io.out(l);
    // Per-run scores, so shards run in separate processes can be summarized together (src/eval/detect-scoring.ts).
    if (o.shard) io.out(`SCORE ${JSON.stringify({ ...score, matched: score.matched ? { rootCauses: score.matched.rootCauses.slice(0, 1) } : null })}`);
  });
  const kindsLine = Object.entries(s.byKind).map(([k, v]) => `${k} ${v.detected}/${v.faults}${v.medianDetectionSeconds !== null ? ` (${v.medianDetectionSeconds} s)` : ''}`).join(', ');
  io.out(`\n${s.runs} runs in ${s.seconds} s: recall ${s.recall.toFixed(3)} (${kindsLine}), incident precision ${s.incidentPrecision.toFixed(3)}, median time to detect ${s.medianDetectionSeconds ?? '-'} s, ${s.falseIncidents} false incidents (${s.falseIncidentsDuringFaults} during faults) in ${s.serviceHours} service-hours = ${s.falseIncidentsPer100ServiceHours} per 100 service-hours, RCA AC@1 ${s.rcaTop1.toFixed(3)}`);
  io.out(`RESULT ${JSON.stringify({ ...s, fromSeed: o.fromSeed, seeds: o.seeds, profile: o.profile, matching: 'strict' })}`);
  return 0;
};

/** `--shard I/N`: this process runs the runs n with n % N === I. */
function parseShard(v: string | undefined): { index: number; count: number } | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(v);
  if (!m || Number(m[1]) >= Number(m[2])) throw new UsageError(`--shard must be I/N with 0 <= I < N, got "${v}"`);
  return { index: Number(m[1]), count: Number(m[2]) };
}
