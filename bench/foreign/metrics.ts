/**
 * Resource metrics as each runtime of the shop reports them, as OTLP JSON with explicit timestamps: JVM services
 * `jvm.cpu.recent_utilization` + `jvm.memory.used` (per pool), Node `process.cpu.utilization` +
 * `v8js.memory.heap.used` (per space), Go a cumulative `process.cpu.time` + `process.memory.usage`, the rest
 * `container.cpu.utilization` + `process.memory.usage`. Two samples a minute.
 */
import type { Rng } from './rng.js';
import type { Fault } from './scenario.js';
import type { Service } from './topology.js';

type Attr = { key: string; value: { stringValue: string } };
type Point = { timeUnixNano: string; startTimeUnixNano?: string; asDouble: number; attributes?: Attr[] };
type Metric = { name: string; unit: string; gauge?: { dataPoints: Point[] }; sum?: { dataPoints: Point[]; aggregationTemporality: number; isMonotonic: boolean } };

const nanos = (ms: number): string => (BigInt(Math.round(ms)) * 1_000_000n).toString();
const attr = (key: string, v: string): Attr => ({ key, value: { stringValue: v } });

export interface MetricsState {
  /** Cumulative CPU seconds per Go service (process.cpu.time is a counter). */
  cpuSeconds: Map<string, number>;
  startMs: number;
}

/** Utilisation and memory of a service at this moment: load-driven, with noise; the cpu fault saturates it. */
function level(rng: Rng, svc: Service, load: number, fault: Fault | undefined): { cpu: number; memMiB: number } {
  const hog = fault?.kind === 'cpu' && fault.target === svc.name;
  const cpu = hog ? fault.effect.cpu + rng.normal() * 0.02 : svc.cpu * (0.6 + 0.4 * load) * (1 + 0.08 * rng.normal());
  const memMiB = svc.memoryMiB * (hog ? fault.effect.memory : 1) * (1 + 0.03 * rng.normal());
  return { cpu: Math.min(1, Math.max(0.005, cpu)), memMiB };
}

export function metricsPayload(rng: Rng, services: readonly Service[], minuteStartMs: number, load: number, fault: Fault | undefined, state: MetricsState, version: (svc: string) => string): unknown {
  const resourceMetrics = services.map((svc) => {
    const metrics: Metric[] = [];
    for (const offset of [15_000, 45_000]) {
      const at = minuteStartMs + offset;
      const { cpu, memMiB } = level(rng, svc, load, fault);
      const bytes = memMiB * 1024 * 1024;
      const ts = nanos(at);
      switch (svc.runtime) {
        case 'jvm':
          metrics.push({ name: 'jvm.cpu.recent_utilization', unit: '1', gauge: { dataPoints: [{ timeUnixNano: ts, asDouble: cpu }] } });
          metrics.push({ name: 'jvm.memory.used', unit: 'By', sum: { aggregationTemporality: 2, isMonotonic: false, dataPoints: [
            { timeUnixNano: ts, startTimeUnixNano: nanos(state.startMs), asDouble: bytes * 0.7, attributes: [attr('jvm.memory.pool.name', 'G1 Old Gen'), attr('jvm.memory.type', 'heap')] },
            { timeUnixNano: ts, startTimeUnixNano: nanos(state.startMs), asDouble: bytes * 0.3, attributes: [attr('jvm.memory.pool.name', 'Metaspace'), attr('jvm.memory.type', 'non_heap')] },
          ] } });
          break;
        case 'node':
          metrics.push({ name: 'process.cpu.utilization', unit: '1', gauge: { dataPoints: [{ timeUnixNano: ts, asDouble: cpu }] } });
          metrics.push({ name: 'v8js.memory.heap.used', unit: 'By', gauge: { dataPoints: [
            { timeUnixNano: ts, asDouble: bytes * 0.8, attributes: [attr('v8js.heap.space.name', 'old_space')] },
            { timeUnixNano: ts, asDouble: bytes * 0.2, attributes: [attr('v8js.heap.space.name', 'new_space')] },
          ] } });
          break;
        case 'go': {
          const total = (state.cpuSeconds.get(svc.name) ?? 0) + cpu * 30;
          state.cpuSeconds.set(svc.name, total);
          metrics.push({ name: 'process.cpu.time', unit: 's', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ timeUnixNano: ts, startTimeUnixNano: nanos(state.startMs), asDouble: total }] } });
          metrics.push({ name: 'process.memory.usage', unit: 'By', sum: { aggregationTemporality: 2, isMonotonic: false, dataPoints: [{ timeUnixNano: ts, startTimeUnixNano: nanos(state.startMs), asDouble: bytes }] } });
          break;
        }
        default:
          metrics.push({ name: 'container.cpu.utilization', unit: '1', gauge: { dataPoints: [{ timeUnixNano: ts, asDouble: cpu }] } });
          metrics.push({ name: 'process.memory.usage', unit: 'By', sum: { aggregationTemporality: 2, isMonotonic: false, dataPoints: [{ timeUnixNano: ts, startTimeUnixNano: nanos(state.startMs), asDouble: bytes }] } });
      }
    }
    return {
      resource: { attributes: [attr('service.name', svc.name), attr('service.namespace', 'opentelemetry-demo'), attr('service.version', version(svc.name)), attr('telemetry.sdk.language', svc.runtime === 'jvm' ? 'java' : svc.runtime === 'node' ? 'nodejs' : svc.runtime === 'go' ? 'go' : 'cpp')] },
      scopeMetrics: [{ scope: { name: 'foreign-generator' }, metrics }],
    };
  });
  return { resourceMetrics };
}
