/** `aiops eval detect`: argument parsing and printing; the evaluation itself lives in src/eval/detect-eval.ts. */
import { parseArgs } from 'node:util';
import { FAULT_KINDS, isFaultKind } from '../core/fault-kinds.js';
import { DETECT_EVAL_MODE, runDetectEval } from '../eval/detect-eval.js';
import { DETECTOR_MODES, type DetectorMode } from '../models/detector-stack.js';
import { DETECTOR_EVAL_MODE, formatScores, runDetectorEval } from '../models/eval-detectors.js';
import { parseIntArg, UsageError, type Command } from './io.js';

export const evalDetect = async (argv: string[], io: Parameters<Command>[1]): Promise<number> => {
  const { values } = parseArgs({
    args: argv,
    options: { seeds: { type: 'string' }, 'from-seed': { type: 'string' }, 'clean-every': { type: 'string' }, profile: { type: 'string' }, fault: { type: 'string' }, shard: { type: 'string' }, detector: { type: 'string' }, nezha: { type: 'string' }, cache: { type: 'string' } },
  });
  if (values.detector !== undefined) return evalDetectors(values, io);
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

/** `--detector seasonal|iforest|sequence|ensemble[,…]`: detectors side by side on windows alone (src/models/eval-detectors.ts). */
async function evalDetectors(values: { detector?: string; seeds?: string; 'from-seed'?: string; nezha?: string; cache?: string }, io: Parameters<Command>[1]): Promise<number> {
  const detectors = values.detector!.split(',');
  const bad = detectors.filter((d) => !(DETECTOR_MODES as readonly string[]).includes(d));
  if (bad.length || detectors.length === 0) throw new UsageError(`--detector must name detectors among ${DETECTOR_MODES.join(', ')} (got ${bad.join(', ') || 'none'})`);
  const o = {
    detectors: detectors as DetectorMode[],
    seeds: parseIntArg('seeds', values.seeds, 1, 10_000) ?? 25,
    fromSeed: parseIntArg('from-seed', values['from-seed'], 0, 2 ** 31) ?? 90_001,
    nezhaDir: values.nezha ?? '../shared/datasets/nezha-online-boutique',
    cacheDir: values.cache,
  };
  io.out(`mode: seeds ${o.fromSeed}–${o.fromSeed + o.seeds - 1} (diverse profile, every 5th run fault-free) and Nezha ${o.nezhaDir}; ${DETECTOR_EVAL_MODE}`);
  const r = await runDetectorEval({ ...o, progress: (l) => io.err(l) });
  io.out('simulator:');
  for (const d of o.detectors) io.out(`  ${formatScores(d, r.simulator[d]!)}`);
  for (const [day, scores] of Object.entries(r.nezha ?? {})) {
    io.out(`${day}:`);
    for (const d of o.detectors) io.out(`  ${formatScores(d, scores[d]!)}`);
  }
  if (!r.nezha) io.out(`Nezha: ${o.nezhaDir} not found, skipped`);
  io.out(`RESULT ${JSON.stringify({ fromSeed: o.fromSeed, seeds: o.seeds, ...r })}`);
  return 0;
}
