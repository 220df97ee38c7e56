/** Small builders for incident and RCA scenarios: graphs from `caller>callee` strings, anomalies by minute. */
import type { Anomaly, FeatureName, FeatureWindow, NodeKind, ServiceGraph } from '../../src/core/index.js';
import type { IncidentChange, IncidentManager, WindowReport } from '../../src/decision/incident-manager.js';

export const MINUTE = 60_000;
/** 2026-01-15T10:30:00Z: minute 0 of every scenario. */
export const T0 = Date.UTC(2026, 0, 15, 10, 30);
export const at = (minute: number) => T0 + minute * MINUTE;
export const iso = (minute: number) => new Date(at(minute)).toISOString();

/** `graph('web>cart', 'cart>pg:database')`: a `:kind` suffix on a callee sets its node kind. */
export function graph(...edges: string[]): ServiceGraph {
  const kinds = new Map<string, NodeKind>();
  const list = edges.map((e) => {
    const [from, toSpec] = e.split('>');
    const [to, kind] = toSpec.split(':');
    if (!kinds.has(from)) kinds.set(from, 'service');
    kinds.set(to, (kind as NodeKind) ?? kinds.get(to) ?? 'service');
    return { from, to, calls: 100, errors: 0, p99Ms: 50 };
  });
  return { nodes: [...kinds].map(([name, kind]) => ({ name, kind, lastSeen: T0 })), edges: list };
}

export function anomaly(service: string, minute: number, over: Partial<Anomaly> & { feature?: FeatureName } = {}): Anomaly {
  return { service, operation: '', feature: 'p99Ms', windowStart: iso(minute), value: 400, baseline: 50, score: 8, direction: 'up', ...over };
}

export function report(service: string, minute: number, anomalies: Anomaly[] = []): WindowReport {
  return { service, windowStart: at(minute), anomalies };
}

/** Anomalous minutes per service; every other (service, minute) of the range is a clean window. */
export type Script = Record<string, number[]>;

export function reportsFor(services: readonly string[], minute: number, script: Script, feature: FeatureName = 'p99Ms'): WindowReport[] {
  return services.map((s) => report(s, minute, script[s]?.includes(minute) ? [anomaly(s, minute, { feature })] : []));
}

/** One update per minute over [from, to], every service reporting; returns every change with its minute. */
export function play(m: IncidentManager, g: ServiceGraph, services: readonly string[], from: number, to: number, script: Script) {
  const changes: (IncidentChange & { minute: number })[] = [];
  for (let minute = from; minute <= to; minute++) {
    for (const c of m.update(reportsFor(services, minute, script), g)) changes.push({ ...c, minute });
  }
  return changes;
}

export function sequentialIds() {
  const calls: number[] = [];
  return { calls, newId: (openedAtMs: number) => (calls.push(openedAtMs), `inc-${calls.length}`) };
}

export function window(service: string, minute: number, over: Partial<FeatureWindow> = {}): FeatureWindow {
  return {
    service,
    operation: '',
    resolution: '1m',
    windowStart: at(minute),
    requests: 600,
    errors: 0,
    errorRate: 0,
    throughput: 10,
    p50Ms: 20,
    p95Ms: 40,
    p99Ms: 50,
    maxMs: 80,
    selfTimeMs: 600 * 5,
    sketch: null,
    cpu: 0.3,
    memory: null,
    gcMs: null,
    poolUse: null,
    logTotal: 0,
    logWarn: 0,
    logError: 0,
    ...over,
  };
}
