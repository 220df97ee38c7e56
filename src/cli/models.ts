/**
 * `aiops models list|train|compare|promote|rollback|drift`: the detector model registry. Training and drift read
 * the configured store; every change is audited with `--as` and the operating-system user.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { ModelKind } from '../core/index.js';
import { cleanScores, HELD_OUT_SEEDS_FROM, quantileOf, writeCalibration, type Calibration } from '../models/calibrate.js';
import { loadLearnedDetector, shippedModel, shippedModelPath } from '../models/detector-stack.js';
import { checkDrift, modelsDirOf } from '../models/drift-check.js';
import { simulatorStreams } from '../models/eval-detectors.js';
import { promoteModel, rollbackModel } from '../models/registry.js';
import { compareShadow } from '../models/shadow-compare.js';
import { trainFromStore } from '../models/train.js';
import { EXIT, parseIntArg, parseIsoArg, UsageError, type Command } from './io.js';
import { withApp } from './with-app.js';

const USAGE = 'usage: aiops models list [--json] | train --kind iforest|sequence [--from ISO] [--to ISO] | compare <id> [--from ISO] [--to ISO] | promote <id> | rollback --kind K | drift --kind K [--minutes N] [--retrain] | calibrate [--seeds N] [--from-seed S] [--quantile Q] [--cache DIR] [--write]   (--as USER records who)';

function actor(as: string | undefined): string {
  let os = 'unknown';
  try {
    os = userInfo().username;
  } catch {
    /* no passwd entry */
  }
  return `${as ?? 'cli'} (os:${os})`;
}

function kindOf(v: string | undefined): ModelKind {
  if (v !== 'iforest' && v !== 'sequence') throw new UsageError(`--kind must be iforest or sequence (got "${v ?? ''}")`);
  return v;
}

export const models: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, kind: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, as: { type: 'string' }, minutes: { type: 'string' }, retrain: { type: 'boolean' }, python: { type: 'string' }, seeds: { type: 'string' }, 'from-seed': { type: 'string' }, quantile: { type: 'string' }, cache: { type: 'string' }, write: { type: 'boolean' } },
  });
  const [sub, id] = positionals;
  const now = Date.now();
  const to = parseIsoArg('to', values.to) ?? now;
  const from = parseIsoArg('from', values.from) ?? to - 7 * 86_400_000;
  const who = actor(values.as);
  if (!sub || !['list', 'train', 'compare', 'promote', 'rollback', 'drift', 'calibrate'].includes(sub)) throw new UsageError(USAGE);
  if (sub === 'calibrate') return calibrate(values, io);
  if ((sub === 'compare' || sub === 'promote') && !id) throw new UsageError(USAGE);
  return withApp(io, async (app) => {
    const stores = app.stores;
    const modelsDir = modelsDirOf(app.config.dataDir);
    if (sub === 'list') {
      const list = await stores.models.list();
      if (values.json) io.out(JSON.stringify({ models: list }));
      else io.out(list.length ? list.map((m) => `${m.id.padEnd(14)} ${m.status.padEnd(8)} sha256 ${m.sha256.slice(0, 12)}  trained ${m.trainedFrom}…${m.trainedTo}  ${m.dataSummary.rows} rows  threshold ${m.threshold.toPrecision(4)}`).join('\n') : 'no registered models (the shipped models in training/models are in use)');
      return EXIT.OK;
    }
    if (sub === 'train') {
      const m = await trainFromStore(stores, { kind: kindOf(values.kind), from, to, actor: who, modelsDir, python: values.python });
      io.out(values.json ? JSON.stringify(m) : `registered ${m.id} (shadow), sha256 ${m.sha256.slice(0, 12)}, ${m.dataSummary.rows} rows; compare it with \`aiops models compare ${m.id}\``);
      return EXIT.OK;
    }
    if (sub === 'compare') {
      const c = await compareShadow(stores, id!, { from, to, modelsDir, actor: who });
      io.out(values.json ? JSON.stringify(c) : `${c.candidate} vs ${c.incumbent} on ${c.windows} windows: flagged ${c.candidateFlagged} vs ${c.incumbentFlagged}, would-be incidents ${c.candidateIncidents} vs ${c.incumbentIncidents}, agreement ${(c.agreement * 100).toFixed(0)}%`);
      return EXIT.OK;
    }
    if (sub === 'promote') {
      const r = await promoteModel(stores.models, id!, who);
      io.out(values.json ? JSON.stringify(r) : `${r.promoted.id} is active${r.retired ? `; ${r.retired.id} retired` : ''}`);
      return EXIT.OK;
    }
    if (sub === 'rollback') {
      const r = await rollbackModel(stores.models, kindOf(values.kind), who);
      io.out(values.json ? JSON.stringify(r) : `${r.active.id} is active again; ${r.retired.id} retired`);
      return EXIT.OK;
    }
    const minutes = Number(values.minutes ?? 60);
    if (!Number.isInteger(minutes) || minutes < 10) throw new UsageError('--minutes must be an integer ≥ 10');
    const d = await checkDrift(stores, { kind: kindOf(values.kind), from: now - minutes * 60_000, to: now, actor: who, modelsDir, retrain: values.retrain ? { from, to } : undefined, python: values.python });
    io.out(values.json ? JSON.stringify(d) : `${d.model}: ${d.report.drifted ? `DRIFT in ${d.report.features.filter((f) => f.drifted).map((f) => `${f.feature} (PSI ${f.psi.toFixed(2)})`).join(', ')}` : `no drift (worst ${d.report.worst?.feature ?? '-'} PSI ${d.report.worst?.psi.toFixed(2) ?? '-'})`} over ${d.report.rows} windows${d.retrained ? `; retrained ${d.retrained.id} as shadow` : ''}`);
    return EXIT.OK;
  });
};

/** `aiops models calibrate`: the shipped models' thresholds from clean windows of tuning simulator seeds (src/models/calibrate.ts). */
async function calibrate(values: { seeds?: string; 'from-seed'?: string; quantile?: string; cache?: string; write?: boolean; json?: boolean }, io: Parameters<Command>[1]): Promise<number> {
  const seeds = parseIntArg('seeds', values.seeds, 1, 1000) ?? 10;
  const fromSeed = parseIntArg('from-seed', values['from-seed'], 0, 2 ** 31) ?? 2000;
  if (fromSeed + seeds > HELD_OUT_SEEDS_FROM) throw new UsageError(`calibrate on tuning seeds only (below ${HELD_OUT_SEEDS_FROM}); held-out seeds are for evaluation`);
  const quantile = Number(values.quantile ?? 0.999);
  if (!(quantile > 0 && quantile < 1)) throw new UsageError(`--quantile must be in (0, 1), got "${values.quantile}"`);
  const streams = await simulatorStreams(seeds, fromSeed, (l) => io.err(l), values.cache);
  for (const kind of ['iforest', 'sequence'] as const) {
    const model = await shippedModel(kind);
    const scores = await cleanScores(() => loadLearnedDetector(model), streams);
    const c: Calibration = { kind, quantile, threshold: quantileOf(scores, quantile), windows: scores.length, seeds: `${fromSeed}–${fromSeed + seeds - 1}` };
    io.out(values.json ? JSON.stringify(c) : `${kind}: threshold ${c.threshold.toPrecision(4)} (was ${model.record.threshold.toPrecision(4)}) = q${quantile} of ${c.windows} clean windows, seeds ${c.seeds}${values.write ? ' — written to the sidecar' : ''}`);
    if (values.write) await writeCalibration(`${shippedModelPath(kind)}.json`, c);
  }
  return EXIT.OK;
}
