/**
 * Labelled streams of service-level feature windows for training and comparing detectors, from two sources the
 * detectors were not tuned on: simulator runs (ground truth from the simulator) and the real Nezha fault
 * injections (../shared/datasets/nezha-online-boutique, read in place). Labels are used only for scoring and for
 * keeping faulty windows out of training data; detectors see the rows alone.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeatureWindow } from '../core/index.js';

export interface FaultLabel {
  /** Nodes whose rows count as faulty: the injected service (for a database fault, the services that call it). */
  nodes: string[];
  from: number;
  to: number;
  kind: string;
}

export interface LabelledStream {
  name: string;
  rows: FeatureWindow[];
  faults: FaultLabel[];
  /** Rows before this are warm-up: fed to detectors, not scored. */
  scoreFrom: number;
}

export function isFaulty(row: Pick<FeatureWindow, 'service' | 'windowStart'>, faults: readonly FaultLabel[], graceMs = 0): boolean {
  return faults.some((f) => f.nodes.includes(row.service) && row.windowStart >= f.from && row.windowStart < f.to + graceMs);
}

const emptyRow = (service: string, windowStart: number): FeatureWindow => ({
  service, operation: '', resolution: '1m', windowStart, requests: 0, errors: 0, errorRate: 0, throughput: 0,
  p50Ms: null, p95Ms: null, p99Ms: null, maxMs: null, selfTimeMs: null, sketch: null,
  cpu: null, memory: null, gcMs: null, poolUse: null, logTotal: 0, logWarn: 0, logError: 0,
});

/**
 * Nezha cases of one day stitched into one timeline per service (cases of a day tile it: each case holds the minutes
 * from the previous fault's end to its own end). Columns map to features: workload → throughput (requests =
 * workload·60), latency-90 → p95, latency-99 → p99 (seconds → ms), cpu % → fraction, mem MiB → bytes.
 */
export async function nezhaStreams(root: string): Promise<LabelledStream[]> {
  const byDay = new Map<string, { rows: Map<string, FeatureWindow>; faults: FaultLabel[] }>();
  for (const dir of (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory())) {
    const cut = dir.name.lastIndexOf('_');
    if (cut < 0) continue;
    const service = dir.name.slice(0, cut);
    const kind = dir.name.slice(cut + 1);
    for (const n of await readdir(join(root, dir.name))) {
      const caseDir = join(root, dir.name, n);
      const source = JSON.parse(await readFile(join(caseDir, 'source.json'), 'utf8')) as { day: string; inject_timestamp: string };
      const day = byDay.get(source.day) ?? { rows: new Map<string, FeatureWindow>(), faults: [] as FaultLabel[] };
      byDay.set(source.day, day);
      const inject = Number(source.inject_timestamp) * 1000;
      // Rows are minute + 30 s: the window holding the injection is the one starting at its minute.
      const from = Math.floor(inject / 60_000) * 60_000;
      day.faults.push({ nodes: [service], from, to: from + 3 * 60_000, kind });
      const [header, ...lines] = (await readFile(join(caseDir, 'data.csv'), 'utf8')).trim().split('\n');
      const cols = header!.split(',');
      for (const line of lines) {
        const cells = line.split(',');
        const windowStart = Math.floor((Number(cells[0]) * 1000) / 60_000) * 60_000;
        cols.forEach((col, i) => {
          const m = /^(.*)_(cpu|mem|latency-90|latency-99|workload)$/.exec(col);
          if (!m || cells[i] === '' || cells[i] === undefined) return;
          const v = Number(cells[i]);
          if (!Number.isFinite(v)) return;
          const key = `${m[1]}\u0000${windowStart}`;
          const row = day.rows.get(key) ?? emptyRow(m[1]!, windowStart);
          day.rows.set(key, row);
          if (m[2] === 'cpu') row.cpu = v / 100;
          else if (m[2] === 'mem') row.memory = v * 1024 * 1024;
          else if (m[2] === 'latency-90') row.p95Ms = v * 1000;
          else if (m[2] === 'latency-99') row.p99Ms = v * 1000;
          else {
            row.throughput = v;
            row.requests = Math.round(v * 60);
          }
        });
      }
    }
  }
  return [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, d]) => {
    const rows = [...d.rows.values()].sort((a, b) => a.windowStart - b.windowStart || a.service.localeCompare(b.service));
    return { name: `nezha ${day}`, rows, faults: d.faults, scoreFrom: rows[0] ? rows[0].windowStart + 15 * 60_000 : 0 };
  });
}
