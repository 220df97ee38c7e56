import type { LogRecord, MetricPoint } from '../core/telemetry.js';
import { NO_SERVICE_EFFECTS, type MinuteEffects } from './faults.js';
import type { MinuteStats } from './minute-stats.js';
import type { Rng } from './random.js';
import { cpuDemand, SATURATION_CPU } from './surge.js';
import type { TopologyIndex } from './trace-walker.js';
import type { SimService } from './types.js';

export interface MetricsInput {
  ix: TopologyIndex;
  fx: MinuteEffects;
  stats: MinuteStats;
  /** Admitted entry requests this minute divided by the configured mean rate. */
  load: number;
  /** Load a traffic surge adds per service, in units of its normal load. */
  extraLoad?: ReadonlyMap<string, number>;
  minute: number;
  /** Event time of the points: inside the minute, so a 60 s window owns them unambiguously. */
  timeMs: number;
  r: Rng;
}

const gauge = (service: string, name: string, unit: string, timeMs: number, value: number, attributes: Record<string, string> = {}): MetricPoint =>
  ({ service, name, unit, kind: 'gauge', timeMs, value, count: 1, monotonic: false, cumulative: false, attributes });

const upDown = (service: string, name: string, timeMs: number, value: number, attributes: Record<string, string>): MetricPoint =>
  ({ service, name, unit: '{connection}', kind: 'sum', timeMs, value, count: 1, monotonic: false, cumulative: true, attributes });

const histogram = (service: string, name: string, timeMs: number, count: number, sumSeconds: number, attributes: Record<string, string>): MetricPoint =>
  ({ service, name, unit: 's', kind: 'histogram', timeMs, value: sumSeconds, count, monotonic: true, cumulative: false, attributes });

/**
 * Per service and minute: CPU utilisation driven by load (a traffic surge's included), memory (with the leak
 * ramp), GC time for JVM and Node.js runtimes, HTTP server duration per route, and connection pool use per
 * database the service uses.
 * Also the per-minute runtime log lines (GC pressure, saturated workers) that such conditions produce.
 */
export function serviceMetrics(input: MetricsInput): { metrics: MetricPoint[]; logs: LogRecord[] } {
  const metrics: MetricPoint[] = [];
  const logs: LogRecord[] = [];
  const { ix, fx, timeMs, r } = input;
  for (const s of ix.topo.services) {
    const e = fx.services.get(s.name) ?? NO_SERVICE_EFFECTS;
    const gcShare = (e.gcMult - 1) / 6;
    const extra = input.extraLoad?.get(s.name) ?? 0;
    let cpu = cpuDemand(s.cpuBase, input.load + extra, e.scale) + 0.06 * gcShare + 0.01 * r.normal();
    if (e.cpuFloor > 0) cpu = Math.max(cpu, e.cpuFloor / Math.sqrt(e.scale) + 0.005 * r.normal());
    cpu = Math.min(1, Math.max(0.005, cpu));
    metrics.push(gauge(s.name, 'process.cpu.utilization', '1', timeMs, round4(cpu)));
    const wave = 1 + 0.04 * Math.sin(input.minute * 0.7 + s.memoryBaseBytes / 1e7);
    const memory = s.memoryBaseBytes * (wave + 0.01 * r.normal()) + e.memoryAddBytes;
    metrics.push(gauge(s.name, 'process.memory.usage', 'By', timeMs, Math.round(memory)));
    gcMetrics(s, e.gcMult, input, metrics);
    for (const op of input.stats.ops.get(s.name)?.values() ?? []) {
      if (op.op.protocol !== 'http') continue;
      const [method, route] = op.op.name.split(' ');
      metrics.push(histogram(s.name, 'http.server.request.duration', timeMs, op.count, round4(op.sumMs / 1000),
        { 'http.request.method': method, 'http.route': route }));
    }
    poolMetrics(s, input, metrics);
    if (e.gcMult > 3) logs.push(runtimeLog(s.name, timeMs, `GC overhead high: ${Math.round(8 + 40 * gcShare)}% of time spent in garbage collection`));
    if (e.cpuFloor > 0 || (extra > 0 && cpu > SATURATION_CPU)) logs.push(runtimeLog(s.name, timeMs, `worker pool saturated: ${Math.round(cpu * 100)}% CPU, requests queued`));
  }
  return { metrics, logs };
}

function gcMetrics(s: SimService, gcMult: number, input: MetricsInput, out: MetricPoint[]): void {
  if (s.runtime !== 'jvm' && s.runtime !== 'nodejs') return;
  const count = Math.round(input.r.poisson(6 + 10 * input.load) * (1 + (gcMult - 1) * 0.5));
  const sum = count * input.r.lognormal(0.008, 0.3) * gcMult;
  const attrs: Record<string, string> = s.runtime === 'jvm'
    ? { 'jvm.gc.action': 'end of minor GC', 'jvm.gc.name': 'G1 Young Generation' }
    : { 'v8js.gc.type': 'minor' };
  out.push(histogram(s.name, s.runtime === 'jvm' ? 'jvm.gc.duration' : 'v8js.gc.duration', input.timeMs, count, round4(sum), attrs));
}

/** Pool use follows load and busy time (Little's law); a slow database holds connections, so its callers' pools fill up. */
function poolMetrics(s: SimService, input: MetricsInput, out: MetricPoint[]): void {
  for (const db of s.databases) {
    const busy = input.stats.db.get(`${s.name} ${db}`)?.busyMs ?? 0;
    const saturated = input.fx.dbs.get(db)?.poolUse;
    let used = s.poolMax * (0.08 + 0.12 * input.load) + busy / 60_000 + Math.abs(input.r.normal());
    if (saturated !== undefined) used = s.poolMax * saturated;
    const u = Math.min(s.poolMax, Math.max(1, Math.round(used)));
    const pool = { 'db.client.connection.pool.name': db };
    out.push(upDown(s.name, 'db.client.connection.count', input.timeMs, u, { ...pool, 'db.client.connection.state': 'used' }));
    out.push(upDown(s.name, 'db.client.connection.count', input.timeMs, s.poolMax - u, { ...pool, 'db.client.connection.state': 'idle' }));
    out.push(upDown(s.name, 'db.client.connection.max', input.timeMs, s.poolMax, pool));
  }
}

function runtimeLog(service: string, timeMs: number, body: string): LogRecord {
  return { service, timeMs, severityNumber: 13, severityText: 'WARN', body, traceId: '' };
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
