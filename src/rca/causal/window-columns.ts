/**
 * Feature and edge windows → one table of per-node series: the data.csv of an RCAEval-layout case (layout in
 * src/cli/rcaeval-export.ts) and, through from-columns.ts, the input of the pipeline's causal ranking, so the
 * benchmark and the product see the same numbers. Per minute, service metrics from the service-level feature windows and client-observed metrics of
 * databases and external dependencies from the edge windows. Pure: rows in, table out.
 */
import { ALL_OPERATIONS, type EdgeWindow, type FeatureWindow } from '../../core/index.js';
import { mergeSketchBytes } from '../../features/sketch-codec.js';

export interface ColumnsInput {
  /** 1m service-level windows (other rows are ignored). */
  features: readonly FeatureWindow[];
  /** 1m edge windows. */
  edges: readonly EdgeWindow[];
  /** Services known from the topology; those with feature rows are added. */
  services: readonly string[];
  /** Epoch ms, [from, to), aligned to stepMs. */
  from: number;
  to: number;
  stepMs: number;
  /** Refuse names a CSV reader could not split back (`_`, `,`, quotes, spaces): on for files, off in memory. */
  csvSafeNames?: boolean;
}

export interface ColumnsTable {
  /** `time`, then `<node>_<metric>` sorted by node, then metric. */
  header: string[];
  /** One row per step: unix seconds, then one value per column (null: no value). */
  rows: (number | null)[][];
  services: string[];
  dependencies: string[];
}

type Metric = (i: number) => number | null;

export function buildColumns(input: ColumnsInput): ColumnsTable {
  const steps = Math.max(0, Math.ceil((input.to - input.from) / input.stepMs));
  const stepOf = (ms: number) => {
    const i = Math.floor((ms - input.from) / input.stepMs);
    return i >= 0 && i < steps ? i : -1;
  };

  const featureAt = new Map<string, (FeatureWindow | undefined)[]>();
  for (const w of input.features) {
    if (w.operation !== ALL_OPERATIONS || w.resolution !== '1m') continue;
    const i = stepOf(w.windowStart);
    if (i < 0) continue;
    let series = featureAt.get(w.service);
    if (!series) featureAt.set(w.service, (series = new Array<FeatureWindow | undefined>(steps)));
    series[i] = w;
  }
  // Calls into each node per step, whatever the caller: the client side of every node.
  const inbound = new Map<string, EdgeWindow[][]>();
  const dependencyKind = new Set<string>();
  for (const e of input.edges) {
    if (e.resolution !== '1m') continue;
    if (e.calleeKind !== 'service') dependencyKind.add(e.callee);
    const i = stepOf(e.windowStart);
    if (i < 0) continue;
    let series = inbound.get(e.callee);
    if (!series) inbound.set(e.callee, (series = Array.from({ length: steps }, () => [])));
    series[i].push(e);
  }
  // The pipeline also writes client-observed feature rows for databases: those stay dependencies. A callee
  // that is no service of the system (a database, an external API, a peer.service name with no telemetry of
  // its own) has only client-observed columns.
  const services = [...new Set([...input.services, ...[...featureAt.keys()].filter((n) => !dependencyKind.has(n))])].sort();
  const isService = new Set(services);
  const dependencies = [...inbound.keys()].filter((n) => !isService.has(n)).sort();

  const metricsByNode = new Map<string, Record<string, Metric>>();
  for (const s of services) metricsByNode.set(s, serviceMetrics(featureAt.get(s) ?? [], inbound.get(s) ?? []));
  for (const d of dependencies) metricsByNode.set(d, dependencyMetrics(inbound.get(d) ?? [], input.stepMs / 1000));

  const header = ['time'];
  const columns: Metric[] = [];
  for (const node of [...metricsByNode.keys()].sort()) {
    // Readers split `<node>_<metric>` and `<root>_<fault>` at the last underscore and read plain CSV.
    if (input.csvSafeNames !== false && /[_,\s"]/.test(node)) throw new Error(`node name "${node}" cannot be exported: it contains "_", ",", a quote or a space`);
    const metrics = metricsByNode.get(node) as Record<string, Metric>;
    for (const name of Object.keys(metrics).sort()) {
      header.push(`${node}_${name}`);
      columns.push(metrics[name]);
    }
  }
  const rows = Array.from({ length: steps }, (_, i) => [Math.floor((input.from + i * input.stepMs) / 1000), ...columns.map((c) => c(i))]);
  return { header, rows, services, dependencies };
}

function serviceMetrics(at: readonly (FeatureWindow | undefined)[], calls: readonly EdgeWindow[][]): Record<string, Metric> {
  const served = (i: number) => {
    const w = at[i];
    return w !== undefined && w.requests > 0 ? w : undefined;
  };
  return {
    'latency-50': (i) => served(i)?.p50Ms ?? null,
    'latency-99': (i) => served(i)?.p99Ms ?? null,
    workload: (i) => at[i]?.throughput ?? null,
    error: (i) => served(i)?.errorRate ?? null,
    cpu: (i) => at[i]?.cpu ?? null,
    mem: (i) => at[i]?.memory ?? null,
    gc: (i) => at[i]?.gcMs ?? null,
    pool: (i) => at[i]?.poolUse ?? null,
    logerror: (i) => at[i]?.logError ?? null,
    selftime: (i) => {
      const w = served(i);
      return w?.selfTimeMs == null ? null : w.selfTimeMs / w.requests;
    },
    'client-latency-50': (i) => clientQuantile(calls[i] ?? [], 0.5),
  };
}

function dependencyMetrics(calls: readonly EdgeWindow[][], stepSeconds: number): Record<string, Metric> {
  const sum = (i: number, f: (e: EdgeWindow) => number) => (calls[i] ?? []).reduce((a, e) => a + f(e), 0);
  return {
    'latency-50': (i) => clientQuantile(calls[i] ?? [], 0.5),
    'latency-99': (i) => clientQuantile(calls[i] ?? [], 0.99),
    workload: (i) => ((calls[i] ?? []).length === 0 ? null : sum(i, (e) => e.calls) / stepSeconds),
    error: (i) => {
      const n = sum(i, (e) => e.calls);
      return n > 0 ? sum(i, (e) => e.errors) / n : null;
    },
  };
}

/**
 * The quantile of all calls into a node in one window, over its callers: the merged latency sketches when
 * every caller has one (exact within the sketch's 1 %); otherwise the call-weighted mean of the callers' p50
 * (or the max of their p99, an upper bound), the same fallbacks the stores use.
 */
export function clientQuantile(parts: readonly EdgeWindow[], q: 0.5 | 0.99): number | null {
  const measured = parts.filter((e) => e.calls > 0 && (q === 0.5 ? e.p50Ms : e.p99Ms) !== null);
  if (measured.length === 0) return null;
  if (measured.length === 1) return (q === 0.5 ? measured[0].p50Ms : measured[0].p99Ms) as number;
  if (measured.every((e) => e.sketch !== null && e.sketch.length > 0)) {
    const merged = mergeSketchBytes(measured.map((e) => e.sketch));
    if (merged !== null && merged.count > 0) return merged.getValueAtQuantile(q);
  }
  if (q === 0.99) return Math.max(...measured.map((e) => e.p99Ms as number));
  const calls = measured.reduce((a, e) => a + e.calls, 0);
  return measured.reduce((a, e) => a + (e.p50Ms as number) * e.calls, 0) / calls;
}

/** Up to 6 significant digits, no exponent for ordinary magnitudes; empty for no value. */
