/**
 * Drift check for a learned model in use: recent stored windows → residual vectors → PSI per feature against the
 * model's training deciles (drift.ts). A drift is audited and, when asked, triggers retraining — which registers a
 * shadow model only: the model in use keeps scoring until a shadow comparison and a promotion.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeatureStore, IncidentStore, ModelKind, ModelRecord, ModelRegistryStore } from '../core/index.js';
import { populationStability, type DriftReport } from '../detectors/learned/drift.js';
import { RESIDUAL_FEATURE_NAMES, ResidualNormalizer } from '../detectors/learned/residuals.js';
import { shippedModel } from './detector-stack.js';
import { trainFromStore, trainingStream } from './train.js';

export interface DriftCheck {
  model: string;
  report: DriftReport;
  retrained: ModelRecord | null;
}

export async function checkDrift(
  stores: { features: FeatureStore; incidents: IncidentStore; models: ModelRegistryStore },
  o: { kind: ModelKind; from: number; to: number; actor: string; modelsDir: string; retrain?: { from: number; to: number }; python?: string; now?: Date },
): Promise<DriftCheck> {
  const active = (await stores.models.list()).find((m) => m.kind === o.kind && m.status === 'active');
  const model = active ?? { ...(await shippedModel(o.kind)).record };
  const deciles = model.dataSummary?.featureQuantiles;
  if (!deciles) throw new Error(`${model.id} has no training deciles to compare with`);
  const stream = await trainingStream(stores.features, stores.incidents, o.from - 60 * 60_000, o.to);
  const normalizer = new ResidualNormalizer();
  const vectors: number[] = [];
  for (const row of stream.rows) {
    const v = normalizer.next(row);
    if (v && row.windowStart >= o.from) vectors.push(...v.z);
  }
  const report = populationStability(RESIDUAL_FEATURE_NAMES, deciles, Float32Array.from(vectors));
  let retrained: ModelRecord | null = null;
  const at = (o.now ?? new Date()).toISOString();
  if (report.drifted) {
    await stores.models.audit({ at, modelId: model.id, actor: o.actor, event: 'drift', detail: `PSI ${report.worst!.feature} ${report.worst!.psi.toFixed(2)} over ${report.rows} windows` });
    if (o.retrain) retrained = await trainFromStore(stores, { kind: o.kind, from: o.retrain.from, to: o.retrain.to, actor: `${o.actor} (drift)`, modelsDir: o.modelsDir, python: o.python });
  }
  return { model: model.id, report, retrained };
}

/** ONNX files live beside the database; an in-memory database keeps them in a temporary folder. */
export const modelsDirOf = (dataDir: string): string => (dataDir === 'memory://' ? join(tmpdir(), 'aiops-models') : join(dataDir, 'models'));
