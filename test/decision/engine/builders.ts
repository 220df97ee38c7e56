/** Fixture builders for the decision-engine tests: complete values, overridable piece by piece. */
import type { Anomaly, FeatureName, Incident, RootCause, ServiceGraph } from '../../../src/core/index.js';
import { DEFAULT_DECISION_CONFIG, type DecideInput } from '../../../src/decision/engine/types.js';
import { RulesFileSchema, type Rule } from '../../../src/decision/knowledge-schema.js';

/** 2026-03-02 03:00 UTC: outside the default peak hours in UTC. */
export const OFF_PEAK = Date.UTC(2026, 2, 2, 3, 0);
/** 2026-03-02 10:30 UTC: inside the first default peak window. */
export const PEAK = Date.UTC(2026, 2, 2, 10, 30);

export function anomaly(service: string, feature: FeatureName, value: number, baseline: number, score = 8): Anomaly {
  return { service, operation: '', feature, windowStart: new Date(OFF_PEAK - 5 * 60_000).toISOString(), value, baseline, score };
}

export function incident(root: Partial<RootCause> & { service: string; indicator: string }, anomalies: Anomaly[], over: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1',
    status: 'open',
    severity: 'high',
    openedAt: new Date(OFF_PEAK - 60_000).toISOString(),
    firstAnomalyAt: new Date(OFF_PEAK - 5 * 60_000).toISOString(),
    resolvedAt: null,
    services: [...new Set([root.service, ...anomalies.map((a) => a.service)])],
    rootCauses: [{ score: 0.8, evidence: [], ...root }],
    anomalies,
    ...over,
  };
}

/** web → api → {cart, payments}; api and orders → orders-db (a database). */
export function graph(): ServiceGraph {
  const edge = (from: string, to: string) => ({ from, to, calls: 100, errors: 0, p99Ms: 50 });
  return {
    nodes: [
      ...['web', 'api', 'cart', 'payments', 'orders'].map((name) => ({ name, kind: 'service' as const, lastSeen: OFF_PEAK })),
      { name: 'orders-db', kind: 'database' as const, lastSeen: OFF_PEAK },
    ],
    edges: [edge('web', 'api'), edge('api', 'cart'), edge('api', 'payments'), edge('api', 'orders-db'), edge('orders', 'orders-db'), edge('web', 'orders')],
  };
}

export function input(over: Partial<DecideInput> & Pick<DecideInput, 'incident' | 'rules'>): DecideInput {
  return { history: [], graph: graph(), now: OFF_PEAK, config: DEFAULT_DECISION_CONFIG, ...over };
}

/** Rules written inline as YAML-shaped objects, validated by the real schema. */
export function rules(raw: unknown[]): Rule[] {
  return RulesFileSchema.parse({ rules: raw }).rules;
}

/** The seed's risk formula, written out independently of the code under test. */
export function expectedRisk(base: number, o: { peak?: boolean; failures?: number; confidence: number }): number {
  return Math.min(1, base * (o.peak ? 1.3 : 1) * (1 + 0.1 * (o.failures ?? 0)) * (2 - o.confidence));
}
