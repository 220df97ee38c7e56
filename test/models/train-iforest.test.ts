/**
 * CI trains a real Isolation Forest (scikit-learn → skl2onnx, pinned in training/requirements.txt) on residual rows of
 * a tiny labelled stream, scores it through onnxruntime-node, and walks the registry: shadow → compare → promote →
 * rollback, every step audited with its actor; then the same through `aiops models`. The export is the compact graph
 * (training/compact_iforest.py: one TreeEnsembleRegressor), checked against scikit-learn's own scores.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { createOnnxScorer } from '../../src/detectors/onnx-scorer.js';
import { compareShadow } from '../../src/models/shadow-compare.js';
import { promoteModel, registerModel, rollbackModel, type TrainingSidecar } from '../../src/models/registry.js';
import { residualCsv } from '../../src/models/residual-rows.js';
import { fitModel } from '../../src/models/train.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import { MIN, T0 } from '../detectors/rows.js';
import { tinyLabelledStream, trainingPython } from './training-fixtures.js';

const { python, reason } = trainingPython();
const run = promisify(execFile);
const range = { from: T0, to: T0 + 120 * MIN };

let dir: string;
let onnx: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aiops-train-iforest-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function trainOnce(stream = tinyLabelledStream()): Promise<string> {
  const { csv } = residualCsv([stream]);
  const out = await mkdtemp(join(dir, 'fit-'));
  return fitModel('iforest', csv, out, python!);
}

/** Runs training/train_iforest.py on the tiny stream's rows with `args`; the training rows, the model path and sklearn's decision_function per row. */
async function trainScript(tag: string, args: string[] = []): Promise<{ out: string; model: string; rows: number[][]; sklearn: number[] }> {
  const out = await mkdtemp(join(dir, `${tag}-`));
  const { csv } = residualCsv([tinyLabelledStream()]);
  await writeFile(join(out, 'rows.csv'), csv);
  const model = join(out, 'm.onnx');
  await run(python!, ['training/train_iforest.py', '--data', join(out, 'rows.csv'), '--out', model, '--scores-out', join(out, 'sk.txt'), ...args], { maxBuffer: 16 << 20 });
  const sklearn = (await readFile(join(out, 'sk.txt'), 'utf8')).trim().split('\n').map(Number); // decision_function
  const rows = csv.trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  return { out, model, rows, sklearn };
}

/** The largest difference between onnxruntime-node's scores and scikit-learn's (the sidecar negates decision_function). */
async function worstVsSklearn(model: string, side: TrainingSidecar, rows: number[][], sklearn: number[]): Promise<number> {
  const scorer = await createOnnxScorer({ model, schema: side.schema, output: side.output });
  const scores = await scorer.score(Float32Array.from(rows.flat()), rows.length);
  await scorer.close();
  return Math.max(...sklearn.map((v, i) => Math.abs(scores[i]! - -v)));
}

describe.skipIf(!python)(`train a real Isolation Forest${python ? '' : ` — skipped: ${reason}`}`, () => {
  let stores: Stores;
  const modelsDir = () => join(dir, 'models-mem');
  beforeAll(async () => {
    stores = await openStores({ dataDir: 'memory://' });
    await stores.features.upsertWindows(tinyLabelledStream().rows);
  });
  afterAll(async () => stores?.close());

  it('exports normal windows only: 4 services × 90 scored minutes, minus checkout minutes 60–74 (fault + 5 min grace)', () => {
    const { csv, rows } = residualCsv([tinyLabelledStream()]);
    expect(rows).toBe(4 * 90 - 15);
    expect(csv.split('\n')[0]).toBe('throughput,errorRate,p50Ms,p95Ms,p99Ms,cpu,memory,logError');
  });

  it('fits, exports ONNX with a sidecar, and scores through onnxruntime-node', async () => {
    onnx = await trainOnce();
    const side = JSON.parse(await readFile(`${onnx}.json`, 'utf8')) as TrainingSidecar;
    expect(side.kind).toBe('iforest');
    expect(side.dataSummary.rows).toBe(345);
    expect(side.schema.features).toHaveLength(8);
    expect((side as unknown as { params: object }).params).toMatchObject({ trees: 20, selectedFrom: 400 }); // the shipped forest's recipe
    const scorer = await createOnnxScorer({ model: onnx, schema: side.schema, output: side.output });
    const input = new Float32Array(16);
    input.fill(10, 8);
    const s = await scorer.score(input, 2);
    expect(s[0]!).toBeLessThan(side.threshold);
    expect(s[1]!).toBeGreaterThan(side.threshold);
    await scorer.close();
  }, 120_000);

  it('exports one TreeEnsembleRegressor; onnxruntime-node scores every training row as scikit-learn does (1e-5)', async () => {
    const { model, rows, sklearn } = await trainScript('compact');
    const ops = JSON.parse((await run(python!, ['-c', 'import collections, json, onnx, sys; print(json.dumps(collections.Counter(n.op_type for n in onnx.load(sys.argv[1]).graph.node)))', model])).stdout) as Record<string, number>;
    expect(ops.TreeEnsembleRegressor).toBe(1); // skl2onnx's own graph has one per tree (100), plus LabelEncoders
    expect(ops.LabelEncoder).toBeUndefined();
    expect(Object.values(ops).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(12);

    expect(sklearn).toHaveLength(rows.length);
    expect(new Set(sklearn.map((v) => v.toFixed(3))).size).toBeGreaterThan(20); // varied scores, not one constant
    const side = JSON.parse(await readFile(`${model}.json`, 'utf8')) as TrainingSidecar;
    expect(await worstVsSklearn(model, side, rows, sklearn)).toBeLessThan(1e-5);
    expect(side.metrics.onnxNodes).toBe(Object.values(ops).reduce((a, b) => a + b, 0));
  }, 120_000);

  it('--select-from keeps the asked number of trees, closer to the large forest than as many drawn at random, and still scores as scikit-learn does', async () => {
    const { out, model, rows, sklearn } = await trainScript('prune', ['--trees', '8', '--select-from', '40']);
    const trees = Number((await run(python!, ['-c', 'import onnx, sys; n = [x for x in onnx.load(sys.argv[1]).graph.node if x.op_type == "TreeEnsembleRegressor"][0]; print(len(set(next(a.ints for a in n.attribute if a.name == "nodes_treeids"))))', model])).stdout);
    expect(trees).toBe(8);
    const side = JSON.parse(await readFile(`${model}.json`, 'utf8')) as TrainingSidecar & { params: { trees: number; selectedFrom: number; pathLengthMseRandom: number; pathLengthMseSelected: number } };
    expect(side.params).toMatchObject({ trees: 8, selectedFrom: 40 });
    expect(side.params.pathLengthMseSelected).toBeLessThan(side.params.pathLengthMseRandom);
    expect(await worstVsSklearn(model, side, rows, sklearn)).toBeLessThan(1e-5);
    await expect(run(python!, ['training/train_iforest.py', '--data', join(out, 'rows.csv'), '--out', join(out, 'bad.onnx'), '--trees', '8', '--select-from', '8'])).rejects.toThrow(/must exceed --trees/);
  }, 120_000);

  it('the compaction refuses a graph whose scores differ from skl2onnx\'s (one leaf off by 1)', async () => {
    const script = [
      'import sys; sys.path.insert(0, "training")',
      'import numpy as np; from sklearn.ensemble import IsolationForest; from skl2onnx import to_onnx',
      'from compact_iforest import compact, verify, check_rows',
      'x = check_rows(300, 1); m = IsolationForest(n_estimators=5, max_samples=64, random_state=0).fit(x)',
      'onx = to_onnx(m, x[:1], target_opset={"": 17, "ai.onnx.ml": 3}, options={id(m): {"score_samples": False}})',
      'c = compact(onx); print("ok", verify(onx, c, x, m.decision_function(x))["scoresVsSklearn"])',
      'w = next(a for a in c.graph.node[0].attribute if a.name == "target_weights"); w.floats[0] += 1.0',
      'try:\n    verify(onx, c, x)\n    print("accepted")\nexcept ValueError as e:\n    print("refused", e)',
    ].join('\n');
    const { stdout } = await run(python!, ['-c', script]);
    expect(stdout).toMatch(/^ok \S+\n/);
    expect(stdout).toMatch(/\nrefused compact graph disagrees/);
  }, 60_000);

  it('registers as shadow with version and content hash; promotion needs a shadow comparison; rollback restores', async () => {
    const m1 = await registerModel(stores.models, modelsDir(), { onnxPath: onnx, actor: 'alice', trainedFrom: new Date(range.from).toISOString(), trainedTo: new Date(range.to).toISOString(), source: 'tiny stream' });
    expect(m1).toMatchObject({ id: 'iforest-v1', version: 1, status: 'shadow', kind: 'iforest', file: 'iforest-v1.onnx' });
    expect(m1.sha256).toBe(createHash('sha256').update(await readFile(onnx)).digest('hex'));
    expect(createHash('sha256').update(await readFile(join(modelsDir(), 'iforest-v1.onnx'))).digest('hex')).toBe(m1.sha256);

    await expect(promoteModel(stores.models, 'iforest-v1', 'alice')).rejects.toThrow(/no shadow comparison/);
    const c = await compareShadow(stores, 'iforest-v1', { ...range, modelsDir: modelsDir(), actor: 'alice' });
    expect(c).toMatchObject({ candidate: 'iforest-v1', incumbent: 'iforest-shipped', windows: 480 });
    const p1 = await promoteModel(stores.models, 'iforest-v1', 'alice');
    expect(p1.retired).toBeNull();
    expect((await stores.models.get('iforest-v1'))!.status).toBe('active');

    const m2 = await registerModel(stores.models, modelsDir(), { onnxPath: await trainOnce(), actor: 'bob', trainedFrom: new Date(range.from).toISOString(), trainedTo: new Date(range.to).toISOString(), source: 'tiny stream' });
    expect(m2).toMatchObject({ id: 'iforest-v2', version: 2, status: 'shadow' });
    expect(m2.sha256).toMatch(/^[0-9a-f]{64}$/); // the export is not byte-identical run to run, so each file is hashed as registered
    await compareShadow(stores, 'iforest-v2', { ...range, modelsDir: modelsDir(), actor: 'bob' });
    const p2 = await promoteModel(stores.models, 'iforest-v2', 'bob');
    expect(p2.retired!.id).toBe('iforest-v1');

    const rb = await rollbackModel(stores.models, 'iforest', 'carol');
    expect(rb.active.id).toBe('iforest-v1');
    expect(rb.retired.id).toBe('iforest-v2');
    const statuses = Object.fromEntries((await stores.models.list()).map((m) => [m.id, m.status]));
    expect(statuses).toEqual({ 'iforest-v1': 'active', 'iforest-v2': 'retired' });

    const log = (await stores.models.auditLog()).map((e) => `${e.modelId} ${e.event} ${e.actor}`);
    expect(log).toEqual(expect.arrayContaining([
      'iforest-v1 registered alice', 'iforest-v1 shadow_compared alice', 'iforest-v1 promoted alice',
      'iforest-v2 registered bob', 'iforest-v2 shadow_compared bob', 'iforest-v2 promoted bob', 'iforest-v1 retired bob',
      'iforest-v2 rolled_back carol', 'iforest-v1 promoted carol',
    ]));
  }, 180_000);

  it('aiops models list|promote|rollback on a data directory, audited with --as and the OS user', async () => {
    const dataDir = await mkdtemp(join(dir, 'data-'));
    const s = await openStores({ dataDir });
    try {
      for (const actor of ['alice', 'bob']) {
        const m = await registerModel(s.models, join(dataDir, 'models'), { onnxPath: onnx, actor, trainedFrom: new Date(range.from).toISOString(), trainedTo: new Date(range.to).toISOString(), source: 'tiny stream' });
        await s.models.audit({ at: new Date().toISOString(), modelId: m.id, actor, event: 'shadow_compared', detail: 'test' });
      }
    } finally {
      await s.close();
    }
    const cli = async (...argv: string[]) => {
      let out = '';
      let err = '';
      const code = await runCli(argv, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), env: { AIOPS_DATA_DIR: dataDir, AIOPS_LOG_LEVEL: 'error' } });
      return { code, out, err };
    };
    const list = await cli('models', 'list', '--json');
    expect(list.code).toBe(0);
    expect((JSON.parse(list.out) as { models: { id: string; status: string }[] }).models.map((m) => [m.id, m.status]).sort()).toEqual([['iforest-v1', 'shadow'], ['iforest-v2', 'shadow']]);
    expect((await cli('models', 'promote', 'iforest-v1', '--as', 'dana')).out).toMatch(/iforest-v1 is active/);
    expect((await cli('models', 'promote', 'iforest-v2', '--as', 'dana')).out).toMatch(/iforest-v2 is active; iforest-v1 retired/);
    expect((await cli('models', 'rollback', '--kind', 'iforest', '--as', 'erin')).out).toMatch(/iforest-v1 is active again; iforest-v2 retired/);
    const bad = await cli('models', 'rollback', '--kind', 'lstm');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/--kind must be iforest or sequence/);
    const text = await cli('models', 'list');
    expect(text.out).toMatch(/iforest-v1\s+active/);
    expect(text.out).toMatch(/iforest-v2\s+retired/);
    const s2 = await openStores({ dataDir });
    try {
      const log = (await s2.models.auditLog()).map((e) => `${e.modelId} ${e.event} ${e.actor.replace(/ \(os:.*\)$/, '')}`);
      expect(log).toEqual(expect.arrayContaining(['iforest-v1 promoted dana', 'iforest-v1 retired dana', 'iforest-v2 rolled_back erin', 'iforest-v1 promoted erin']));
      expect((await s2.models.auditLog()).find((e) => e.event === 'rolled_back')!.actor).toMatch(/^erin \(os:/);
    } finally {
      await s2.close();
    }
  }, 180_000);
});
