/**
 * Reproduces the training data of the shipped models (training/models/*-v1.onnx): simulator seeds 900–907, seed i
 * fault-free for even i and with fault FAULT_KINDS[i % 7] for odd i, each run's normal windows as residual rows
 * (schema v1, src/models/residual-rows.ts). These seeds are disjoint from the evaluation seeds.
 *
 *   npx tsx scripts/export-training-rows.ts [outDir=.]   → outDir/rows.csv (Isolation Forest), outDir/seq.csv (sequence)
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FAULT_KINDS } from '../src/core/fault-kinds.js';
import { residualCsv } from '../src/models/residual-rows.js';
import { simulatedStream } from '../src/models/simulated-windows.js';
import type { LabelledStream } from '../src/models/labelled-windows.js';

export const TRAINING_SEEDS = [900, 901, 902, 903, 904, 905, 906, 907];

async function main(outDir: string): Promise<void> {
  const streams: LabelledStream[] = [];
  for (const seed of TRAINING_SEEDS) {
    const fault = seed % 2 === 0 ? undefined : FAULT_KINDS[seed % 7];
    const s = await simulatedStream({ seed, fault });
    process.stderr.write(`${s.name}: ${s.rows.length} windows\n`);
    streams.push(s);
  }
  const rows = residualCsv(streams);
  const seq = residualCsv(streams, { sequence: true });
  await writeFile(join(outDir, 'rows.csv'), rows.csv);
  await writeFile(join(outDir, 'seq.csv'), seq.csv);
  process.stderr.write(`rows.csv: ${rows.rows} rows; seq.csv: ${seq.rows} rows\n`);
}

main(process.argv[2] ?? '.').catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
