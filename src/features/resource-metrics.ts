/**
 * Which OTLP metric feeds which resource feature. Each accepted point maps to a numbered source; a
 * feature takes the first source, in the order below, that had data in the window:
 *
 * - cpu:    process.cpu.utilization > jvm.cpu.recent_utilization > container.cpu.utilization >
 *           system.cpu.utilization (idle mode excluded, modes summed, averaged over CPUs and samples) >
 *           rate of process.cpu.time (cumulative seconds → CPU-seconds per second, 1 = one core).
 * - memory: process.memory.usage > jvm.memory.used (pools summed) > v8js.memory.heap.used (spaces
 *           summed) or process.runtime.*.memory* / *.mem.heap_alloc (rss/heap/used kinds) >
 *           system.memory.utilization{state=used}; averaged over samples.
 * - gcMs:   jvm.gc.duration > nodejs.gc.duration or v8js.gc.duration > process.runtime.*.gc*
 *           (time-like); histogram sums or counters, converted to ms by unit, cumulative series
 *           turned into deltas.
 * - poolUse: mean of db.client.connection.count{state=used} (or db.client.connections.usage) divided
 *           by the mean of db.client.connection.max (or db.client.connections.max), clamped to 0..1.
 */
import type { MetricPoint } from '../core/index.js';

export const SRC = {
  CPU_PROCESS: 0,
  CPU_JVM: 1,
  CPU_CONTAINER: 2,
  CPU_SYSTEM: 3,
  CPU_TIME: 4,
  MEM_PROCESS: 5,
  MEM_JVM: 6,
  MEM_RUNTIME: 7,
  MEM_SYSTEM: 8,
  GC_JVM: 9,
  GC_NODE: 10,
  GC_RUNTIME: 11,
  POOL_USED: 12,
  POOL_MAX: 13,
} as const;
export const SOURCE_COUNT = 14;

const CPU_UTILIZATION: Record<string, number> = {
  'process.cpu.utilization': SRC.CPU_PROCESS,
  'jvm.cpu.recent_utilization': SRC.CPU_JVM,
  'container.cpu.utilization': SRC.CPU_CONTAINER,
  'system.cpu.utilization': SRC.CPU_SYSTEM,
};
const FIXED: Record<string, number> = {
  ...CPU_UTILIZATION,
  'process.cpu.time': SRC.CPU_TIME,
  'process.memory.usage': SRC.MEM_PROCESS,
  'jvm.memory.used': SRC.MEM_JVM,
  'v8js.memory.heap.used': SRC.MEM_RUNTIME,
  'system.memory.utilization': SRC.MEM_SYSTEM,
  'jvm.gc.duration': SRC.GC_JVM,
  'nodejs.gc.duration': SRC.GC_NODE,
  'v8js.gc.duration': SRC.GC_NODE,
  'db.client.connection.count': SRC.POOL_USED,
  'db.client.connections.usage': SRC.POOL_USED,
  'db.client.connection.max': SRC.POOL_MAX,
  'db.client.connections.max': SRC.POOL_MAX,
};
/** Memory kinds that are not "in use" (virtual size, free, limits…). */
const NOT_USED_MEMORY = new Set(['vms', 'free', 'cached', 'buffered', 'available', 'inactive', 'committed', 'limit', 'max', 'total']);

/** CPU mode of a point: semconv `cpu.mode`, older `state`. */
export function cpuMode(p: MetricPoint): string | undefined {
  return p.attributes['cpu.mode'] ?? p.attributes['state'];
}

function memoryKind(p: MetricPoint): string | undefined {
  const a = p.attributes;
  return a['system.memory.state'] ?? a['state'] ?? a['type'] ?? a['process.memory.type'];
}

function runtimeSource(name: string): number {
  if (!name.startsWith('process.runtime.')) return -1;
  if (name.includes('memory') || name.endsWith('.mem.heap_alloc')) {
    return /(limit|committed|max|total)$/.test(name) ? -1 : SRC.MEM_RUNTIME;
  }
  if (name.includes('.gc') && !name.includes('count') && /(duration|time|pause)/.test(name)) return SRC.GC_RUNTIME;
  return -1;
}

/** Source number of a point, or -1 when the point feeds no resource feature. */
export function classifyMetric(p: MetricPoint): number {
  const src = FIXED[p.name] ?? runtimeSource(p.name);
  if (src < 0) return -1;
  if (src === SRC.MEM_SYSTEM) return memoryKind(p) === 'used' ? src : -1;
  if (src >= SRC.MEM_PROCESS && src <= SRC.MEM_RUNTIME) {
    const kind = memoryKind(p);
    return kind !== undefined && NOT_USED_MEMORY.has(kind) ? -1 : src;
  }
  if (src === SRC.POOL_USED) {
    const state = p.attributes['db.client.connection.state'] ?? p.attributes['state'];
    return state === undefined || state === 'used' ? src : -1;
  }
  return src;
}

export function isCpuSource(src: number): boolean {
  return src <= SRC.CPU_TIME;
}

export function isGcSource(src: number): boolean {
  return src >= SRC.GC_JVM && src <= SRC.GC_RUNTIME;
}

/** Milliseconds per unit of a GC time metric; semconv names are in seconds when no unit is sent. */
export function gcUnitToMs(p: MetricPoint, src: number): number {
  switch (p.unit) {
    case 's':
      return 1000;
    case 'ms':
      return 1;
    case 'us':
    case 'µs':
      return 1e-3;
    case 'ns':
      return 1e-6;
    default:
      if (src !== SRC.GC_RUNTIME) return 1000;
      return p.name.endsWith('_ns') || p.name.endsWith('.ns') ? 1e-6 : 1;
  }
}
