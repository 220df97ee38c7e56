/**
 * Model registry use cases over the ModelRegistryStore: register a trained ONNX file (content-hashed, copied beside
 * the database), promote a shadow model only after its shadow comparison, roll back to the previous active one.
 * Every change is audited with the actor. A new model is always `shadow`; with no active record of its kind, the
 * model shipped in training/models is the one in use.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelKind, ModelRecord, ModelRegistryStore, ModelSchema } from '../core/index.js';

/** What training/*.py writes beside the ONNX file (`<file>.json`). */
export interface TrainingSidecar {
  kind: ModelKind;
  schema: ModelSchema;
  output: { name: string; negate: boolean };
  threshold: number;
  params: Record<string, unknown>;
  dataSummary: ModelRecord['dataSummary'];
  metrics: Record<string, number>;
  sha256: string;
}

export interface RegisterInput {
  onnxPath: string;
  actor: string;
  trainedFrom: string;
  trainedTo: string;
  source: string;
  now?: Date;
}

export async function registerModel(store: ModelRegistryStore, modelsDir: string, input: RegisterInput): Promise<ModelRecord> {
  const sidecar = JSON.parse(await readFile(`${input.onnxPath}.json`, 'utf8')) as TrainingSidecar;
  const bytes = await readFile(input.onnxPath);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sidecar.sha256 && sidecar.sha256 !== sha256) throw new Error(`${input.onnxPath} does not match its sidecar's hash (${sidecar.sha256.slice(0, 12)}…)`);
  const existing = (await store.list()).filter((m) => m.kind === sidecar.kind);
  const version = Math.max(0, ...existing.map((m) => m.version)) + 1;
  const id = `${sidecar.kind}-v${version}`;
  await mkdir(modelsDir, { recursive: true });
  const file = `${id}.onnx`;
  await copyFile(input.onnxPath, join(modelsDir, file));
  const record: ModelRecord = {
    id, kind: sidecar.kind, version, sha256, schema: sidecar.schema, threshold: sidecar.threshold,
    trainedFrom: input.trainedFrom, trainedTo: input.trainedTo,
    dataSummary: { ...sidecar.dataSummary, source: input.source },
    metrics: sidecar.metrics,
    // Always shadow first: the shipped model (or the registry's active one) keeps scoring until a comparison.
    status: 'shadow',
    createdAt: (input.now ?? new Date()).toISOString(),
    file, output: sidecar.output,
  };
  await store.put(record);
  await store.audit({ at: record.createdAt, modelId: id, actor: input.actor, event: 'registered', detail: `${record.status}; sha256 ${sha256.slice(0, 12)}…; ${record.dataSummary.rows} rows from ${input.source}` });
  return record;
}

export async function promoteModel(store: ModelRegistryStore, id: string, actor: string, now = new Date()): Promise<{ promoted: ModelRecord; retired: ModelRecord | null }> {
  const model = await store.get(id);
  if (!model) throw new Error(`no model ${id}`);
  if (model.status !== 'shadow') throw new Error(`${id} is ${model.status}; only a shadow model can be promoted`);
  const compared = (await store.auditLog(id)).some((e) => e.event === 'shadow_compared');
  if (!compared) throw new Error(`${id} has no shadow comparison yet: run \`aiops models compare ${id}\` first`);
  const active = (await store.list()).find((m) => m.kind === model.kind && m.status === 'active') ?? null;
  if (active) await store.setStatus(active.id, 'retired');
  await store.setStatus(id, 'active');
  const at = now.toISOString();
  await store.audit({ at, modelId: id, actor, event: 'promoted', detail: active ? `replaces ${active.id}` : 'replaces the shipped model' });
  if (active) await store.audit({ at, modelId: active.id, actor, event: 'retired', detail: `replaced by ${id}` });
  return { promoted: { ...model, status: 'active' }, retired: active ? { ...active, status: 'retired' } : null };
}

/** The active model of a kind goes back to the most recently retired one. */
export async function rollbackModel(store: ModelRegistryStore, kind: ModelKind, actor: string, now = new Date()): Promise<{ active: ModelRecord; retired: ModelRecord }> {
  const models = (await store.list()).filter((m) => m.kind === kind);
  const active = models.find((m) => m.status === 'active');
  if (!active) throw new Error(`no active ${kind} model to roll back`);
  const log = await store.auditLog();
  const retiredAt = (m: ModelRecord) => log.filter((e) => e.modelId === m.id && e.event === 'retired').map((e) => e.at).sort().at(-1) ?? '';
  const previous = models.filter((m) => m.status === 'retired').sort((a, b) => retiredAt(b).localeCompare(retiredAt(a)) || b.version - a.version)[0];
  if (!previous) throw new Error(`no earlier ${kind} model to roll back to`);
  await store.setStatus(active.id, 'retired');
  await store.setStatus(previous.id, 'active');
  const at = now.toISOString();
  await store.audit({ at, modelId: active.id, actor, event: 'rolled_back', detail: `back to ${previous.id}` });
  await store.audit({ at, modelId: previous.id, actor, event: 'promoted', detail: `rollback from ${active.id}` });
  return { active: { ...previous, status: 'active' }, retired: { ...active, status: 'retired' } };
}
