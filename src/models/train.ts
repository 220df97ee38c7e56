/**
 * Retraining from the store: the service-level 1m windows of a training range, minus every incident's services
 * during the incident (production has no labels; incidents are its best word on what was not normal), become
 * residual rows; training/*.py fits and exports the model in the pinned environment training/setup.sh makes; the
 * result is registered as a shadow model.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FeatureStore, IncidentStore, ModelKind, ModelRecord, ModelRegistryStore } from '../core/index.js';
import { packageRoot } from '../package-root.js';
import type { LabelledStream } from './labelled-windows.js';
import { registerModel } from './registry.js';
import { residualCsv } from './residual-rows.js';

const run = promisify(execFile);

export interface TrainOptions {
  kind: ModelKind;
  from: number;
  to: number;
  actor: string;
  modelsDir: string;
  /** Python with the training requirements; default: what training/setup.sh prints. */
  python?: string;
}

export async function trainingStream(features: FeatureStore, incidents: IncidentStore, from: number, to: number): Promise<LabelledStream> {
  const rows = await features.queryRange(from, to, '1m', { serviceLevelOnly: true });
  const known = await incidents.list({ limit: 10_000 });
  const faults = known
    .filter((i) => Date.parse(i.firstAnomalyAt) < to && (i.resolvedAt === null || Date.parse(i.resolvedAt) > from))
    .map((i) => ({ nodes: i.services, from: Date.parse(i.firstAnomalyAt), to: i.resolvedAt ? Date.parse(i.resolvedAt) : to, kind: 'incident' }));
  return { name: 'store', rows: rows.sort((a, b) => a.windowStart - b.windowStart), faults, scoreFrom: from };
}

export async function pythonForTraining(kind: ModelKind): Promise<string> {
  const setup = join(packageRoot(), 'training', 'setup.sh');
  const { stdout } = await run('bash', [setup, ...(kind === 'sequence' ? ['--sequence'] : [])], { maxBuffer: 1 << 20 });
  return stdout.trim().split('\n').at(-1)!;
}

/**
 * The shipped forest's recipe (training/MODEL_CARD.md, iforest-v2): 20 trees kept from 400 by forward selection, so
 * that a retrained forest scores as fast as the shipped one (~35 ns per tree per row in onnxruntime).
 */
const IFOREST_ARGS = ['--trees', '20', '--select-from', '400'];

/** Fits a model on `csv` with training/train_<kind>.py; returns the ONNX path (its sidecar beside it). */
export async function fitModel(kind: ModelKind, csv: string, dir: string, python?: string): Promise<string> {
  const data = join(dir, 'rows.csv');
  const out = join(dir, `${kind}.onnx`);
  await writeFile(data, csv);
  const script = join(packageRoot(), 'training', kind === 'iforest' ? 'train_iforest.py' : 'train_sequence.py');
  await run(python ?? (await pythonForTraining(kind)), [script, '--data', data, '--out', out, ...(kind === 'iforest' ? IFOREST_ARGS : [])], { cwd: join(packageRoot(), 'training'), maxBuffer: 16 << 20 });
  return out;
}

export async function trainFromStore(stores: { features: FeatureStore; incidents: IncidentStore; models: ModelRegistryStore }, o: TrainOptions): Promise<ModelRecord> {
  const stream = await trainingStream(stores.features, stores.incidents, o.from, o.to);
  const { csv, rows } = residualCsv([stream], { sequence: o.kind === 'sequence' });
  if (rows < 50) throw new Error(`only ${rows} normal windows between ${new Date(o.from).toISOString()} and ${new Date(o.to).toISOString()}: need at least 50 to train`);
  const dir = await mkdtemp(join(tmpdir(), 'aiops-train-'));
  try {
    const onnx = await fitModel(o.kind, csv, dir, o.python);
    return await registerModel(stores.models, o.modelsDir, {
      onnxPath: onnx, actor: o.actor, trainedFrom: new Date(o.from).toISOString(), trainedTo: new Date(o.to).toISOString(), source: `store, ${rows} normal windows`,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
