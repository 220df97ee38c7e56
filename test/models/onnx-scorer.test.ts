/** The committed ONNX models scored through the real ONNX Runtime (onnxruntime-node), against their sidecars. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnnxScorer, cudaAvailable, type OnnxScorer } from '../../src/detectors/onnx-scorer.js';
import { SHIPPED_MODELS } from '../../src/models/detector-stack.js';

interface Sidecar {
  schema: { schemaVersion: number; features: string[]; seqLen?: number };
  output: { name: string; negate: boolean };
  threshold: number;
}
const sidecar = (name: string): Sidecar => JSON.parse(readFileSync(`training/models/${name}.onnx.json`, 'utf8')) as Sidecar;

for (const name of [SHIPPED_MODELS.iforest, SHIPPED_MODELS.sequence]) {
  describe(`onnx scorer: training/models/${name}.onnx`, () => {
    const meta = sidecar(name);
    const perRow = (meta.schema.seqLen ?? 1) * meta.schema.features.length;
    let scorer: OnnxScorer;
    beforeAll(async () => {
      scorer = await createOnnxScorer({ model: `training/models/${name}.onnx`, schema: meta.schema, output: meta.output });
    });
    afterAll(async () => scorer?.close());

    it('has the schema-v1 width of 8 features and scores on CPU by default', () => {
      expect(meta.schema.features).toHaveLength(8);
      expect(scorer.executionProvider).toBe('cpu');
    });

    it('scores an extreme row above the sidecar threshold and a zero row below it', async () => {
      const input = new Float32Array(2 * perRow);
      input.fill(10, perRow); // row 1: every residual at the clip
      const s = await scorer.score(input, 2);
      expect(s).toHaveLength(2);
      expect(s[0]!).toBeLessThan(meta.threshold);
      expect(s[1]!).toBeGreaterThan(meta.threshold);
    });

    it('gives the same scores for a batch of 1 as for a batch of N', async () => {
      const n = 16;
      const input = Float32Array.from({ length: n * perRow }, (_, i) => Math.sin(i * 0.37) * ((i % 7) - 3));
      const batch = await scorer.score(input, n);
      for (let r = 0; r < n; r++) {
        const one = await scorer.score(input.slice(r * perRow, (r + 1) * perRow), 1);
        expect(one[0]!).toBeCloseTo(batch[r]!, 4);
      }
    });

    it('refuses input of the wrong width with a clear error', async () => {
      await expect(scorer.score(new Float32Array(perRow - 1), 1)).rejects.toThrow(/values for 1 rows/);
    });

    it('refuses a registry schema that disagrees with the ONNX input', async () => {
      const wrong = { ...meta.schema, features: meta.schema.features.slice(0, 7) };
      await expect(createOnnxScorer({ model: `training/models/${name}.onnx`, schema: wrong, output: meta.output })).rejects.toThrow(/has 8 features; the registry schema lists 7/);
    });
  });
}

describe.skipIf(cudaAvailable())('onnx scorer: CUDA requested on a machine without the CUDA provider', () => {
  it('falls back to CPU with exactly one warning', async () => {
    const meta = sidecar(SHIPPED_MODELS.iforest);
    const warnings: string[] = [];
    const s = await createOnnxScorer({ model: `training/models/${SHIPPED_MODELS.iforest}.onnx`, schema: meta.schema, output: meta.output, executionProvider: 'cuda', warn: (m) => warnings.push(m) });
    expect(s.executionProvider).toBe('cpu');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/CUDA/);
    expect((await s.score(new Float32Array(8), 1))).toHaveLength(1);
    await s.close();
  });
});
