/**
 * Exports simulated fault cases as an RCAEval-compatible dataset, so external RCA methods (and our own
 * `aiops eval rca`) can be scored on them. One case per seed, cycling through every fault kind:
 *
 *   DIR/s<seed>-<domain>-<n>svc/<root>_<kind>/1/
 *     data.csv         time (unix s, 60 s step) then <node>_<metric> columns, empty cell = no value
 *     inject_time.txt  unix seconds of the fault start
 *     graph.csv        caller,callee,calls,callee_kind over the exported span
 *     meta.json        { seed, domain, services, kind, target, injectTime }
 *
 * The span is [inject − 60 min, inject + 10 min) of 1m windows, read from the app's stores before it stops.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EdgeWindow, FeatureWindow } from '../core/index.js';
import { FAULT_KINDS, type FaultKind } from '../sim/types.js';
import { buildColumns, graphCsv, tableCsv } from './rcaeval-columns.js';
import { runScenario } from '../eval/run-scenario.js';

const MIN = 60_000;
const WARMUP_MINUTES = 60;
const FAULT_MINUTES = 15;
const BEFORE_MS = 60 * MIN;
const AFTER_MS = 10 * MIN;

export interface ExportOptions {
  dir: string;
  cases: number;
  fromSeed: number;
  /** Fixed service count for every case; default: spread over 10..60 by the seed. */
  services?: number;
  /** The kinds case i cycles through (kinds[i % length]); default: every kind the simulator injects. */
  kinds?: readonly FaultKind[];
  onProgress?: (summary: CaseSummary, index: number, total: number) => void;
}

export interface CaseSummary {
  /** Case directory relative to `dir`. */
  case: string;
  seed: number;
  domain: string;
  services: number;
  kind: FaultKind;
  target: string;
  /** Unix seconds. */
  injectTime: number;
  rows: number;
  /** Data columns, `time` excluded. */
  columns: number;
  /** False would make the case unscorable: the root node has no column of its own. */
  rootHasColumns: boolean;
  seconds: number;
}

/** Deterministic per seed, covering 10..60 services (the simulator's range). */
export function servicesForSeed(seed: number): number {
  return 10 + ((seed * 7) % 51);
}

export async function exportRcaevalCases(opts: ExportOptions): Promise<CaseSummary[]> {
  if (!Number.isInteger(opts.cases) || opts.cases < 1) throw new RangeError(`cases must be a positive integer (got ${opts.cases})`);
  const kinds = opts.kinds ?? FAULT_KINDS;
  if (kinds.length === 0) throw new RangeError('kinds must name at least one fault kind');
  const out: CaseSummary[] = [];
  for (let i = 0; i < opts.cases; i++) {
    const summary = await exportCase(opts.dir, opts.fromSeed + i, kinds[i % kinds.length], opts.services);
    out.push(summary);
    opts.onProgress?.(summary, i, opts.cases);
  }
  return out;
}

async function exportCase(dir: string, seed: number, kind: FaultKind, servicesOverride: number | undefined): Promise<CaseSummary> {
  const t0 = Date.now();
  let features: FeatureWindow[] = [];
  let edges: EdgeWindow[] = [];
  let span = { from: 0, to: 0 };
  const r = await runScenario({
    seed,
    fault: kind,
    services: servicesOverride ?? servicesForSeed(seed),
    transport: 'direct',
    warmupMinutes: WARMUP_MINUTES,
    faultMinutes: FAULT_MINUTES,
    recoveryMinutes: 0,
    // runScenario closes the app's stores when it returns: read them here.
    beforeStop: async (app, sim) => {
      const inject = injectMs(sim.groundTruth?.at);
      span = { from: inject - BEFORE_MS, to: inject + AFTER_MS };
      features = await app.stores.features.queryRange(span.from, span.to, '1m');
      edges = await app.stores.graph.queryEdgeWindows(span.from, span.to, '1m');
    },
  });
  const truth = r.groundTruth;
  if (!truth) throw new Error(`seed ${seed}: the simulation reported no ground truth for a ${kind} fault`);
  const topology = r.sim.topology;
  const table = buildColumns({ features, edges, services: topology.services.map((s) => s.name), from: span.from, to: span.to, stepMs: MIN });
  const injectTime = Math.floor(injectMs(truth.at) / 1000);
  const system = `s${seed}-${topology.domain}-${topology.services.length}svc`;
  const rel = join(system, `${truth.service}_${truth.kind}`, '1');
  const caseDir = join(dir, rel);
  await mkdir(caseDir, { recursive: true });
  const meta = { seed, domain: topology.domain, services: topology.services.length, kind: truth.kind, target: truth.service, injectTime };
  await writeFile(join(caseDir, 'data.csv'), tableCsv(table));
  await writeFile(join(caseDir, 'inject_time.txt'), `${injectTime}\n`);
  await writeFile(join(caseDir, 'graph.csv'), graphCsv(edges));
  await writeFile(join(caseDir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  return {
    case: rel,
    ...meta,
    rows: table.rows.length,
    columns: table.header.length - 1,
    rootHasColumns: table.header.some((h) => h.startsWith(`${truth.service}_`)),
    seconds: (Date.now() - t0) / 1000,
  };
}

function injectMs(iso: string | undefined): number {
  const ms = iso === undefined ? NaN : Date.parse(iso);
  if (!Number.isFinite(ms)) throw new Error(`the simulation's ground truth has no valid fault start (got ${String(iso)})`);
  return ms;
}
