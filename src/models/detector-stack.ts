/**
 * Builds the detector the pipeline runs: `seasonal` alone, one learned model, or the ensemble of all three. Learned
 * models come from the registry's active records (ONNX beside the database) or, when the registry has none of a
 * kind, from the models shipped in training/models (trained by training/*.py; see training/MODEL_CARD.md).
 */
import { join } from 'node:path';
import type { ModelKind, ModelRecord } from '../core/index.js';
import type { Detector } from '../core/detector.js';
import { createEnsembleDetector } from '../detectors/learned/ensemble.js';
import { createLearnedDetector, type LearnedDetector } from '../detectors/learned/learned-detector.js';
import { createOnnxScorer } from '../detectors/onnx-scorer.js';
import { createSeasonalDetector } from '../detectors/seasonal-baseline.js';
import { packageRoot } from '../package-root.js';
import { readFile } from 'node:fs/promises';
import type { TrainingSidecar } from './registry.js';

export const DETECTOR_MODES = ['seasonal', 'iforest', 'sequence', 'ensemble'] as const;
export type DetectorMode = (typeof DETECTOR_MODES)[number];

export interface LoadedModel {
  record: Pick<ModelRecord, 'id' | 'kind' | 'schema' | 'threshold' | 'output' | 'dataSummary'>;
  path: string;
}

export interface StackOptions {
  executionProvider?: 'cpu' | 'cuda';
  warn?: (message: string) => void;
}

/**
 * The file name of each kind's shipped model (training/MODEL_CARD.md). iforest-v2: 20 trees selected from 400 so
 * that scoring reaches 1M rows/s per core (v1's 100 trees walked ~3× slower).
 */
export const SHIPPED_MODELS: Readonly<Record<ModelKind, string>> = { iforest: 'iforest-v2', sequence: 'sequence-v1' };

export function shippedModelPath(kind: ModelKind): string {
  return join(packageRoot(), 'training', 'models', `${SHIPPED_MODELS[kind]}.onnx`);
}

/** The shipped model of a kind, as a registry-like record read from its sidecar. */
export async function shippedModel(kind: ModelKind): Promise<LoadedModel> {
  const path = shippedModelPath(kind);
  const s = JSON.parse(await readFile(`${path}.json`, 'utf8')) as TrainingSidecar;
  return { path, record: { id: `${kind}-shipped`, kind, schema: s.schema, threshold: s.threshold, output: s.output, dataSummary: s.dataSummary } };
}

export async function loadLearnedDetector(m: LoadedModel, o: StackOptions = {}): Promise<LearnedDetector> {
  const scorer = await createOnnxScorer({ model: m.path, schema: m.record.schema, output: m.record.output, executionProvider: o.executionProvider, warn: o.warn });
  return createLearnedDetector({ kind: m.record.kind, modelId: m.record.id, scorer, threshold: m.record.threshold });
}

export async function buildDetector(mode: DetectorMode, models: Partial<Record<ModelKind, LoadedModel>>, o: StackOptions = {}): Promise<Detector> {
  if (mode === 'seasonal') return createSeasonalDetector();
  const load = async (kind: ModelKind) => loadLearnedDetector(models[kind] ?? (await shippedModel(kind)), o);
  if (mode === 'iforest' || mode === 'sequence') return load(mode);
  // The ensemble confirms the fused strength itself, so the seasonal detector reports every anomalous window.
  return createEnsembleDetector({ seasonal: createSeasonalDetector({ confirmWindows: 1 }), learned: [await load('iforest'), await load('sequence')] });
}

/** The pipeline's detector for a configuration: registry active models first, shipped ones where none is active. */
export async function detectorForConfig(
  mode: DetectorMode,
  registry: { list(): Promise<ModelRecord[]> },
  modelsDir: string,
  o: StackOptions = {},
): Promise<Detector> {
  const active = (await registry.list()).filter((m) => m.status === 'active');
  const models: Partial<Record<ModelKind, LoadedModel>> = {};
  for (const m of active) models[m.kind] = { record: m, path: join(modelsDir, m.file) };
  return buildDetector(mode, models, o);
}
