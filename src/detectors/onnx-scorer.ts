/**
 * The ModelScorer adapter over onnxruntime-node: one InferenceSession per model, batched input, shapes checked
 * against the model's declared schema (its ONNX input and our registry schema must agree). CPU by default; CUDA
 * when `executionProvider: 'cuda'` and the CUDA provider is present — otherwise one log line and CPU.
 * (The only file in src/detectors allowed to import a driver: dependency-cruiser exempts it by name.)
 */
import * as ort from 'onnxruntime-node';
import type { ModelSchema, ModelScorer } from '../core/index.js';

export interface OnnxScorerOptions {
  /** ONNX file path or bytes. */
  model: string | Uint8Array;
  schema: ModelSchema;
  executionProvider?: 'cpu' | 'cuda';
  /** Which output holds the anomaly score and how to turn it into "larger = more anomalous". */
  output?: { name?: string; negate?: boolean };
  /** Intra-op threads (1: one core per scorer, the pipeline has other work). */
  threads?: number;
  warn?: (message: string) => void;
}

export interface OnnxScorer extends ModelScorer {
  readonly executionProvider: 'cpu' | 'cuda';
  close(): Promise<void>;
}

/** Which execution providers this onnxruntime-node build can use (CUDA needs the separately installed provider). */
export function cudaAvailable(): boolean {
  return ort.listSupportedBackends().some((b) => b.name === 'cuda' && b.bundled);
}

export async function createOnnxScorer(opts: OnnxScorerOptions): Promise<OnnxScorer> {
  let ep: 'cpu' | 'cuda' = 'cpu';
  if (opts.executionProvider === 'cuda') {
    if (cudaAvailable()) ep = 'cuda';
    else opts.warn?.('AIOPS_ONNX_EP=cuda but this onnxruntime-node has no CUDA execution provider; scoring on CPU');
  }
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    executionProviders: [ep],
    intraOpNumThreads: opts.threads ?? 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  };
  let session: ort.InferenceSession;
  try {
    session = typeof opts.model === 'string' ? await ort.InferenceSession.create(opts.model, sessionOptions) : await ort.InferenceSession.create(opts.model, sessionOptions);
  } catch (err) {
    if (ep !== 'cuda') throw err;
    opts.warn?.(`CUDA session failed (${(err as Error).message}); scoring on CPU`);
    ep = 'cpu';
    sessionOptions.executionProviders = ['cpu'];
    session = typeof opts.model === 'string' ? await ort.InferenceSession.create(opts.model, sessionOptions) : await ort.InferenceSession.create(opts.model, sessionOptions);
  }
  const width = opts.schema.features.length;
  const seqLen = opts.schema.seqLen;
  const inputName = session.inputNames[0]!;
  const declared = session.inputMetadata[0];
  if (declared && declared.isTensor) {
    const dims = declared.shape;
    const last = dims[dims.length - 1];
    if (typeof last === 'number' && last !== width) throw new Error(`ONNX input ${inputName} has ${last} features; the registry schema lists ${width}`);
    if (seqLen !== undefined && dims.length !== 3) throw new Error(`sequence model expects a 3-d input (batch, ${seqLen}, ${width}); the ONNX input has ${dims.length} dims`);
    if (seqLen === undefined && dims.length !== 2) throw new Error(`row model expects a 2-d input (batch, ${width}); the ONNX input has ${dims.length} dims`);
  }
  const outputName = opts.output?.name ?? session.outputNames[session.outputNames.length - 1]!;
  if (!session.outputNames.includes(outputName)) throw new Error(`ONNX model has no output ${outputName} (it has ${session.outputNames.join(', ')})`);
  const negate = opts.output?.negate ?? false;
  const perRow = (seqLen ?? 1) * width;
  return {
    schema: opts.schema,
    executionProvider: ep,
    async score(input, rows) {
      if (input.length !== rows * perRow) throw new Error(`scoring input has ${input.length} values for ${rows} rows of ${perRow}`);
      if (rows === 0) return new Float32Array(0);
      const dims = seqLen === undefined ? [rows, width] : [rows, seqLen, width];
      const result = await session.run({ [inputName]: new ort.Tensor('float32', input, dims) }, [outputName]);
      const data = result[outputName]!.data as Float32Array;
      if (data.length !== rows) throw new Error(`model returned ${data.length} scores for ${rows} rows`);
      const out = new Float32Array(rows);
      for (let i = 0; i < rows; i++) out[i] = negate ? -data[i]! : data[i]!;
      return out;
    },
    async close() {
      await session.release();
    },
  };
}
