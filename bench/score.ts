/**
 * bench/score: learned-detector scoring through onnxruntime-node (the shipped models of training/models, SHIPPED_MODELS), one
 * intra-op thread per session, so "per core" is what one session does.
 *
 *   npx tsx bench/score.ts [--repeat 5] [--windows 200]     (pin to one core: taskset -c 1 npx tsx bench/score.ts)
 *
 * 1. Throughput: batches of 1k, 10k and 100k random schema-v1 rows (residuals ~ N(0, 1), 8 features; the sequence
 *    model gets rows × 8 windows). Best of `repeat` runs per batch size, in rows/s. Target: Isolation Forest
 *    ≥ 1M rows/s/core batched.
 * 2. Latency: one closed window of 1,000 services scored as one batch (what the pipeline does), `windows` times;
 *    p50/p99 in ms. Target: p99 < 50 ms.
 * The last line is `RESULT {json}`.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import type { ModelSchema } from '../src/core/index.js';
import { createOnnxScorer, type OnnxScorer } from '../src/detectors/onnx-scorer.js';
import { SHIPPED_MODELS } from '../src/models/detector-stack.js';

const { values } = parseArgs({ options: { repeat: { type: 'string', default: '5' }, windows: { type: 'string', default: '200' } } });
const repeat = positiveInt(values.repeat!, 'repeat');
const windows = positiveInt(values.windows!, 'windows');

function positiveInt(raw: string, name: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1, got "${raw}"`);
  return n;
}

/** Seeded normal-ish residuals, so runs compare. */
function randomRows(values: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return Float32Array.from({ length: values }, () => u() + u() + u() + u() + u() + u() + u() + u() + u() + u() + u() + u() - 6);
}

const q = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

async function benchModel(name: string) {
  const meta = JSON.parse(readFileSync(`training/models/${name}.onnx.json`, 'utf8')) as { schema: ModelSchema; output: { name: string; negate: boolean } };
  const scorer: OnnxScorer = await createOnnxScorer({ model: `training/models/${name}.onnx`, schema: meta.schema, output: meta.output, threads: 1 });
  const perRow = (meta.schema.seqLen ?? 1) * meta.schema.features.length;
  const throughput: Record<string, number> = {};
  for (const rows of [1_000, 10_000, 100_000]) {
    const input = randomRows(rows * perRow, rows);
    await scorer.score(input, rows); // warm-up
    let best = Infinity;
    for (let i = 0; i < repeat; i++) {
      const t = performance.now();
      await scorer.score(input, rows);
      best = Math.min(best, performance.now() - t);
    }
    throughput[`batch${rows}`] = Math.round(rows / (best / 1000));
    console.log(`${name}: batch ${String(rows).padStart(6)} rows  best ${best.toFixed(1).padStart(8)} ms  ${throughput[`batch${rows}`]!.toLocaleString('en')} rows/s`);
  }
  const window = randomRows(1_000 * perRow, 7);
  await scorer.score(window, 1_000);
  const ms: number[] = [];
  for (let i = 0; i < windows; i++) {
    const t = performance.now();
    await scorer.score(window, 1_000);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const latency = { p50Ms: +q(ms, 0.5).toFixed(2), p99Ms: +q(ms, 0.99).toFixed(2), maxMs: +ms.at(-1)!.toFixed(2) };
  console.log(`${name}: window of 1,000 services × ${windows}: p50 ${latency.p50Ms} ms, p99 ${latency.p99Ms} ms, max ${latency.maxMs} ms`);
  await scorer.close();
  return { rowsPerSecond: throughput, window1000: latency };
}

const iforest = await benchModel(SHIPPED_MODELS.iforest);
const sequence = await benchModel(SHIPPED_MODELS.sequence);
const result = {
  bench: 'score',
  runtime: 'onnxruntime-node, CPU EP, intraOpNumThreads 1',
  cpu: cpus()[0]?.model ?? 'unknown',
  iforest,
  sequence,
  targets: {
    iforestRowsPerSecondPerCore: { target: 1_000_000, met: Math.max(...Object.values(iforest.rowsPerSecond)) >= 1_000_000 },
    window1000P99Ms: { target: 50, iforest: iforest.window1000.p99Ms < 50, sequence: sequence.window1000.p99Ms < 50 },
  },
};
console.log(`RESULT ${JSON.stringify(result)}`);
