/**
 * Resource metric accumulation for one service window, and cumulative → delta conversion across
 * windows. See resource-metrics.ts for which metric wins each feature.
 */
import type { MetricPoint } from '../core/index.js';
import { SOURCE_COUNT, SRC, cpuMode, gcUnitToMs, isCpuSource, isGcSource } from './resource-metrics.js';

const SUM = 0;
const SAMPLES = SOURCE_COUNT;
const LAST_TIME = 2 * SOURCE_COUNT;

export class ResourceAcc {
  /** [sums | sample counts | last sample time] per source, in one array to keep the object small. */
  private readonly a = new Float64Array(3 * SOURCE_COUNT).fill(NaN, LAST_TIME);

  private add(src: number, value: number, sample: boolean): void {
    this.a[SUM + src] += value;
    if (sample) this.a[SAMPLES + src]++;
  }

  /** A sample per distinct timestamp: series of one collection share it, so their values are summed. */
  private addTimed(src: number, value: number, timeMs: number): void {
    const isNew = this.a[LAST_TIME + src] !== timeMs;
    if (isNew) this.a[LAST_TIME + src] = timeMs;
    this.add(src, value, isNew);
  }

  /** Utilization modes are summed (idle left out); one sample per `user` point, i.e. per CPU per scrape. */
  private addCpu(src: number, value: number, p: MetricPoint): void {
    const mode = cpuMode(p);
    this.add(src, mode === 'idle' ? 0 : value, mode === undefined || mode === 'user');
  }

  /** `delta` is the cumulative → delta result for cumulative series (NaN: first point, no value yet). */
  accept(p: MetricPoint, src: number, delta: number, dtMs: number): void {
    if (isGcSource(src)) {
      if (!Number.isNaN(delta)) this.add(src, Math.max(0, delta) * gcUnitToMs(p, src), true);
    } else if (src === SRC.CPU_TIME) {
      if (!Number.isNaN(delta) && dtMs > 0) this.addCpu(src, Math.max(0, delta) / (dtMs / 1000), p);
    } else if (isCpuSource(src)) {
      this.addCpu(src, p.value, p);
    } else {
      this.addTimed(src, p.value, p.timeMs);
    }
  }

  private mean(src: number): number | null {
    const n = this.a[SAMPLES + src];
    return n > 0 ? this.a[SUM + src] / n : null;
  }

  private firstMean(from: number, to: number): number | null {
    for (let s = from; s <= to; s++) {
      const m = this.mean(s);
      if (m !== null) return m;
    }
    return null;
  }

  cpu(): number | null {
    return this.firstMean(SRC.CPU_PROCESS, SRC.CPU_TIME);
  }

  memory(): number | null {
    return this.firstMean(SRC.MEM_PROCESS, SRC.MEM_SYSTEM);
  }

  gcMs(): number | null {
    for (let s: number = SRC.GC_JVM; s <= SRC.GC_RUNTIME; s++) if (this.a[SAMPLES + s] > 0) return this.a[SUM + s];
    return null;
  }

  poolUse(): number | null {
    const used = this.mean(SRC.POOL_USED);
    const max = this.mean(SRC.POOL_MAX);
    if (used === null || max === null || max <= 0) return null;
    return Math.min(1, Math.max(0, used / max));
  }
}

interface Last {
  value: number;
  timeMs: number;
}

/**
 * Last value per cumulative series (service, name, attributes). The first point of a series gives no
 * delta; a value below the previous one is a counter reset, so the delta is the new value.
 */
export class CumulativeTracker {
  private readonly last = new Map<string, Last>();
  /** Time since the previous point of the series observed last (NaN for a first point). */
  dtMs = NaN;

  constructor(private readonly maxSeries = 100_000) {}

  /** Delta of a point: cumulative series against their last value; delta-temporality points as sent. */
  observe(p: MetricPoint): number {
    const key = seriesKey(p);
    const prev = this.last.get(key);
    this.dtMs = prev === undefined ? NaN : p.timeMs - prev.timeMs;
    const cumulative = p.cumulative && (p.monotonic || p.kind === 'histogram');
    if (prev === undefined) {
      if (this.last.size >= this.maxSeries) this.last.delete(this.last.keys().next().value as string);
      this.last.set(key, { value: p.value, timeMs: p.timeMs });
      return cumulative ? NaN : p.value;
    }
    if (p.timeMs < prev.timeMs) return NaN;
    const delta = !cumulative ? p.value : p.value >= prev.value ? p.value - prev.value : p.value;
    prev.value = p.value;
    prev.timeMs = p.timeMs;
    return delta;
  }
}

function seriesKey(p: MetricPoint): string {
  const keys = Object.keys(p.attributes).sort();
  let k = `${p.service}\u0001${p.name}`;
  for (const a of keys) k += `\u0001${a}=${p.attributes[a]}`;
  return k;
}
