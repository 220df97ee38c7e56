/** Whether a rule's `when` holds for an incident; the lines returned say why (they become the action's reason). */
import type { Anomaly, Severity } from '../../core/index.js';
import type { Comparator, FeatureCondition, RuleWhen } from '../knowledge-schema.js';
import { matchesAny } from './glob.js';
import type { IncidentFacts } from './incident-facts.js';
import { observe } from './observe.js';

const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

const COMPARE: Record<Comparator, (a: number, b: number) => boolean> = {
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '==': (a, b) => a === b,
};

/** The first anomaly in scope that satisfies the condition, as text; null when none does. */
export function conditionHolds(c: FeatureCondition, anomalies: readonly Anomaly[], facts: IncidentFacts): string | null {
  for (const o of observe(anomalies, facts.sets[c.scope], c.feature)) {
    const actual = c.ratio ? o.ratio : o.value;
    if (COMPARE[c.op](actual, c.value)) return `${c.text} (${o.anomaly.service}: ${formatNumber(actual)})`;
  }
  return null;
}

/** Lines explaining the match, or null when any condition fails. An empty `when` always matches. */
export function matchRule(when: RuleWhen, facts: IncidentFacts, anomalies: readonly Anomaly[]): string[] | null {
  const why: string[] = [];
  const indicator = facts.root?.indicator;
  if (when.indicator) {
    if (indicator === undefined || !when.indicator.includes(indicator)) return null;
    why.push(`root-cause indicator ${indicator}`);
  }
  if (when.severityAtLeast) {
    if (SEVERITY_RANK[facts.severity] < SEVERITY_RANK[when.severityAtLeast]) return null;
    why.push(`severity ${facts.severity} ≥ ${when.severityAtLeast}`);
  }
  if (when.minRootScore !== undefined && (facts.root?.score ?? 0) < when.minRootScore) return null;
  if (when.service) {
    if (!facts.rootService || !matchesAny(facts.rootService, when.service)) return null;
    why.push(`service ${facts.rootService} matches ${when.service.join(', ')}`);
  }
  if (when.rootKind && when.rootKind !== facts.rootKind) return null;
  if (when.faultPattern) {
    if (!when.faultPattern.includes(facts.pattern.id)) return null;
    why.push(`fault pattern ${facts.pattern.id} (score ${formatNumber(facts.pattern.score)})`);
  }
  if (when.newVersion !== undefined) {
    if (when.newVersion !== (facts.change !== null)) return null;
    why.push(facts.change ? `new version ${facts.change.version} of ${facts.change.service}` : 'no recent deployment');
  }
  for (const f of when.steady ?? []) {
    if (observe(anomalies, facts.sets.root, f).length) return null;
    why.push(`${f} steady on ${facts.rootService ?? 'the root'}`);
  }
  for (const c of when.features ?? []) {
    const held = conditionHolds(c, anomalies, facts);
    if (held === null) return null;
    why.push(held);
  }
  return why;
}

export function formatNumber(n: number): string {
  return Number.isFinite(n) ? String(Math.round(n * 1000) / 1000) : '∞';
}
