/**
 * Shadow comparison: the candidate model and the model in use (registry active, else shipped) run over the same
 * stored windows; what each would have flagged — anomalous windows and would-be incidents (runs per service) — is
 * compared and audited. Promotion requires this record (registry.ts).
 */
import { join } from 'node:path';
import type { FeatureStore, IncidentStore, ModelRecord, ModelRegistryStore } from '../core/index.js';
import { runDetector, scoreRuns } from './compare-detectors.js';
import { loadLearnedDetector, shippedModel, type LoadedModel } from './detector-stack.js';
import { trainingStream } from './train.js';

export interface ShadowComparison {
  candidate: string;
  incumbent: string;
  windows: number;
  candidateFlagged: number;
  incumbentFlagged: number;
  /** Windows both flagged / windows either flagged. */
  agreement: number;
  candidateIncidents: number;
  incumbentIncidents: number;
}

const loaded = (r: ModelRecord, modelsDir: string): LoadedModel => ({ record: r, path: join(modelsDir, r.file) });

export async function compareShadow(
  stores: { features: FeatureStore; incidents: IncidentStore; models: ModelRegistryStore },
  candidateId: string,
  o: { from: number; to: number; modelsDir: string; actor: string; now?: Date },
): Promise<ShadowComparison> {
  const candidate = await stores.models.get(candidateId);
  if (!candidate) throw new Error(`no model ${candidateId}`);
  const active = (await stores.models.list()).find((m) => m.kind === candidate.kind && m.status === 'active');
  const incumbent = active ? loaded(active, o.modelsDir) : await shippedModel(candidate.kind);
  const stream = await trainingStream(stores.features, stores.incidents, o.from, o.to);
  // Every window is "normal" here: the counts below are what each model would flag, not a score against labels.
  stream.faults = [];
  const a = await runDetector(await loadLearnedDetector(loaded(candidate, o.modelsDir)), stream);
  const b = await runDetector(await loadLearnedDetector(incumbent), stream);
  const both = [...a.flagged].filter((k) => b.flagged.has(k)).length;
  const either = new Set([...a.flagged, ...b.flagged]).size;
  const result: ShadowComparison = {
    candidate: candidate.id,
    incumbent: incumbent.record.id,
    windows: stream.rows.length,
    candidateFlagged: a.flagged.size,
    incumbentFlagged: b.flagged.size,
    agreement: either ? both / either : 1,
    candidateIncidents: scoreRuns([a]).falseIncidents,
    incumbentIncidents: scoreRuns([b]).falseIncidents,
  };
  await stores.models.audit({
    at: (o.now ?? new Date()).toISOString(), modelId: candidate.id, actor: o.actor, event: 'shadow_compared',
    detail: `vs ${result.incumbent} on ${result.windows} windows: flags ${result.candidateFlagged} vs ${result.incumbentFlagged}, would-be incidents ${result.candidateIncidents} vs ${result.incumbentIncidents}, agreement ${(result.agreement * 100).toFixed(0)}%`,
  });
  return result;
}
