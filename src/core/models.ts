/**
 * Learned detector models: the scoring port the pure detectors call, and the registry records that say which
 * model (version, content hash, feature schema, training window, metrics, status) produced a score.
 */

/** Feature schema a model was trained on; scoring refuses input of any other shape. */
export interface ModelSchema {
  /** Version of the residual feature definition (src/detectors/learned/residuals.ts). */
  schemaVersion: number;
  features: readonly string[];
  /** Sequence models: windows per input sequence; absent for row models. */
  seqLen?: number;
}

/** Scores a batch: rows × (seqLen ×) features, row-major; returns one score per row, larger = more anomalous. */
export interface ModelScorer {
  readonly schema: ModelSchema;
  score(input: Float32Array, rows: number): Promise<Float32Array>;
}

export type ModelKind = 'iforest' | 'sequence';
export type ModelStatus = 'shadow' | 'active' | 'retired';

export interface ModelRecord {
  /** `<kind>-v<version>` */
  id: string;
  kind: ModelKind;
  version: number;
  /** SHA-256 of the ONNX file's bytes. */
  sha256: string;
  schema: ModelSchema;
  /** Scores at or above this are anomalous (calibrated on the training data's normal rows). */
  threshold: number;
  trainedFrom: string;
  trainedTo: string;
  dataSummary: { rows: number; source: string; featureMedians?: number[]; featureQuantiles?: number[][] };
  metrics: Record<string, number>;
  status: ModelStatus;
  createdAt: string;
  /** ONNX file path relative to the registry directory. */
  file: string;
  /** Which ONNX output is the score, and whether it must be negated (scikit-learn: negative = anomalous). */
  output: { name: string; negate: boolean };
}

export interface ModelAuditEntry {
  at: string;
  modelId: string;
  actor: string;
  event: 'registered' | 'promoted' | 'retired' | 'rolled_back' | 'shadow_compared' | 'drift';
  detail: string;
}

export interface ModelRegistryStore {
  list(): Promise<ModelRecord[]>;
  get(id: string): Promise<ModelRecord | null>;
  put(record: ModelRecord): Promise<void>;
  setStatus(id: string, status: ModelStatus): Promise<void>;
  audit(entry: ModelAuditEntry): Promise<void>;
  auditLog(modelId?: string): Promise<ModelAuditEntry[]>;
}
