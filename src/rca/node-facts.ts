/**
 * The candidates of an incident: every node with anomalies, plus databases and external dependencies that have
 * no telemetry of their own but explain a shared slowdown of the services calling them.
 */
import type { Anomaly, NodeKind } from '../core/index.js';
import { reachable, type CallGraph } from './call-graph.js';
import { FAMILY } from './indicator.js';
import { selfRatio, type WindowFacts } from './window-evidence.js';

export interface NodeFacts {
  name: string;
  kind: NodeKind;
  /** The node's own anomalies (empty for an inferred dependency). */
  anomalies: Anomaly[];
  /** Start (ms) of its first anomalous window; for an inferred dependency the first of its callers. */
  onset: number;
  maxScore: number;
  /** Anomalous callers an inferred dependency was inferred from. */
  inferredFrom?: string[];
}

/** Self time per request at most this ratio counts as flat: the added latency was spent in callees. */
export const FLAT_SELF_RATIO = 1.2;

export function collectFacts(anomalies: readonly Anomaly[], g: CallGraph, windows: Map<string, WindowFacts>): Map<string, NodeFacts> {
  const facts = new Map<string, NodeFacts>();
  for (const a of anomalies) {
    const start = Date.parse(a.windowStart);
    let f = facts.get(a.service);
    if (!f) facts.set(a.service, (f = { name: a.service, kind: g.kindOf(a.service), anomalies: [], onset: start, maxScore: 0 }));
    f.anomalies.push(a);
    f.onset = Math.min(f.onset, start);
    f.maxScore = Math.max(f.maxScore, score(a));
  }
  for (const dep of silentDependencies(facts, g)) {
    const callers = g.callers(dep).filter((c) => isSlowOrFailing(facts.get(c)) && !explainedDownstream(c, facts, g));
    const flat = callers.length === 1 && isSlow(facts.get(callers[0])) && (selfRatio(windows.get(callers[0])) ?? Infinity) <= FLAT_SELF_RATIO;
    if (callers.length < 2 && !flat) continue;
    const from = callers.map((c) => facts.get(c) as NodeFacts);
    facts.set(dep, {
      name: dep,
      kind: g.kindOf(dep),
      anomalies: [],
      onset: Math.min(...from.map((f) => f.onset)),
      maxScore: Math.max(...from.map((f) => f.maxScore)),
      inferredFrom: callers.sort(),
    });
  }
  return facts;
}

/** Databases and externals called by an anomalous service, with no anomalies of their own. */
function silentDependencies(facts: Map<string, NodeFacts>, g: CallGraph): string[] {
  const out = new Set<string>();
  for (const f of facts.values()) {
    for (const callee of g.callees(f.name)) if (g.kindOf(callee) !== 'service' && !facts.has(callee)) out.add(callee);
  }
  return [...out].sort();
}

/** A caller whose own anomalous downstream services already explain it says nothing about the dependency. */
function explainedDownstream(caller: string, facts: Map<string, NodeFacts>, g: CallGraph): boolean {
  for (const n of reachable(caller, g.callees)) if (facts.get(n)?.anomalies.length) return true;
  return false;
}

function isSlowOrFailing(f: NodeFacts | undefined): boolean {
  return !!f && f.anomalies.some((a) => FAMILY[a.feature] === 'latency' || FAMILY[a.feature] === 'errors');
}

/** Flat self time only says "waiting on a callee" for a latency problem, not for errors. */
function isSlow(f: NodeFacts | undefined): boolean {
  return !!f && f.anomalies.some((a) => FAMILY[a.feature] === 'latency');
}

function score(a: Anomaly): number {
  return Number.isFinite(a.score) ? Math.max(0, a.score) : 0;
}
