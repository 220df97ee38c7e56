/** Synthetic per-node series for the causal ranking: 60 baseline minutes, 15 after a fault, seeded noise. */
import type { NodeKind } from '../../src/core/index.js';
import type { CausalInput, MetricKey, NodeSeries } from '../../src/rca/causal/types.js';

export const PRE = 60;
export const POST = 15;
export const T0 = Date.UTC(2026, 10, 24, 9, 0);
export const ONSET_MS = T0 + PRE * 60_000;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `before` until the onset, `after` (a number or a ramp by post-minute) from it, ±noise relative. */
export type Shape = { before: number; after?: number | ((k: number) => number); noise?: number };

export class CaseBuilder {
  private readonly nodes = new Map<string, NodeSeries>();
  private readonly edges: { from: string; to: string }[] = [];
  private readonly rand: () => number;

  constructor(seed = 1) {
    this.rand = rng(seed);
  }

  node(name: string, kind: NodeKind, metrics: Partial<Record<MetricKey, Shape>>): this {
    const n: NodeSeries = { name, kind, metrics: {} };
    for (const [k, shape] of Object.entries(metrics) as [MetricKey, Shape][]) n.metrics[k] = this.series(shape);
    this.nodes.set(name, n);
    return this;
  }

  call(from: string, to: string): this {
    this.edges.push({ from, to });
    return this;
  }

  build(overrides: Partial<CausalInput> = {}): CausalInput {
    const times = Array.from({ length: PRE + POST }, (_, i) => T0 + i * 60_000);
    return { times, nodes: [...this.nodes.values()], edges: this.edges, onsetHintMs: ONSET_MS, ...overrides };
  }

  private series(s: Shape): Float64Array {
    const noise = s.noise ?? 0.05;
    return Float64Array.from({ length: PRE + POST }, (_, i) => {
      const k = i - PRE;
      const level = k < 0 || s.after === undefined ? s.before : typeof s.after === 'function' ? s.after(k) : s.after;
      return level * (1 + noise * (this.rand() * 2 - 1));
    });
  }
}

/** A healthy service: steady latency, traffic, resources, rare errors. */
export function steady(latency: number, load = 10, extra: Partial<Record<MetricKey, Shape>> = {}): Partial<Record<MetricKey, Shape>> {
  return {
    'latency-50': { before: latency },
    'latency-99': { before: latency * 3 },
    'client-latency-50': { before: latency + 1 },
    workload: { before: load },
    error: { before: 0.001, noise: 0.5 },
    cpu: { before: 0.35 },
    mem: { before: 300e6, noise: 0.01 },
    gc: { before: 20 },
    selftime: { before: latency / 2 },
    ...extra,
  };
}
