/**
 * Incident severity from breadth and magnitude (the rule table is in README.md and test/decision/severity.test.ts).
 */
import type { Anomaly, ServiceGraph, Severity } from '../core/index.js';

/** Rank of each severity; a larger number is worse. */
export const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** Entrypoint error rate at or above which an incident is critical. */
export const CRITICAL_ENTRY_ERROR_RATE = 0.2;
/** Affected services at or above which an incident is critical. */
export const CRITICAL_BREADTH = 5;
/** Ratio to baseline of error rate or p95/p99 that makes a service "seriously" affected. */
export const SERIOUS_RATIO = 3;
/** Error rate below which an error anomaly never counts as serious (3× a 0.1 % baseline is still noise). */
export const SERIOUS_ERROR_FLOOR = 0.01;
/** Detector score at or above which a single-service incident is medium rather than low. */
export const LARGE_SCORE = 10;

export interface SeverityInput {
  services: readonly string[];
  anomalies: readonly Anomaly[];
  graph: ServiceGraph;
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

/**
 * critical: an entrypoint (a service of the graph that no service calls) with errorRate ≥ 0.2, or ≥ 5 services;
 * high: 2+ services with errorRate or p95/p99 ≥ 3× baseline; low: a single service, not serious, every score < 10;
 * medium otherwise.
 */
export function classifySeverity(input: SeverityInput): Severity {
  const services = new Set(input.services);
  for (const a of input.anomalies) services.add(a.service);
  if (services.size >= CRITICAL_BREADTH) return 'critical';
  const entrypoints = entrypointsOf(input.graph);
  const entryErrors = input.anomalies.some(
    (a) => a.feature === 'errorRate' && entrypoints.has(a.service) && a.value >= CRITICAL_ENTRY_ERROR_RATE,
  );
  if (entryErrors) return 'critical';
  const serious = new Set(input.anomalies.filter(isSerious).map((a) => a.service));
  if (serious.size >= 2) return 'high';
  if (services.size >= 2 || serious.size === 1) return 'medium';
  return input.anomalies.some((a) => a.score >= LARGE_SCORE) ? 'medium' : 'low';
}

function isSerious(a: Anomaly): boolean {
  if (a.feature === 'errorRate') return a.value >= SERIOUS_ERROR_FLOOR && a.value >= SERIOUS_RATIO * a.baseline;
  if (a.feature === 'p99Ms' || a.feature === 'p95Ms') return a.baseline > 0 && a.value >= SERIOUS_RATIO * a.baseline;
  return false;
}

/** Services present in the graph that no other service calls; databases and externals are never entrypoints. */
export function entrypointsOf(graph: ServiceGraph): Set<string> {
  const kinds = new Map<string, string>();
  for (const n of graph?.nodes ?? []) kinds.set(n.name, n.kind);
  const called = new Set<string>();
  const present = new Set<string>(kinds.keys());
  for (const e of graph?.edges ?? []) {
    present.add(e.from);
    present.add(e.to);
    if (e.from !== e.to) called.add(e.to);
  }
  const out = new Set<string>();
  for (const name of present) {
    const kind = kinds.get(name) ?? 'service';
    if (kind === 'service' && !called.has(name)) out.add(name);
  }
  return out;
}
