/**
 * Classifies an incident against the fault-pattern signatures. A pattern is a candidate only when the root
 * cause's indicator (and node kind, when the pattern names one) fits; its score is the weighted share of
 * signature entries the anomalies show, 0 when a required entry is missing.
 */
import type { Anomaly, Incident } from '../../core/index.js';
import type { FaultPattern, SignatureEntry } from '../knowledge-schema.js';
import { observe } from './observe.js';
import type { Scopes } from './scopes.js';

export const UNKNOWN_PATTERN = 'unknown';

export interface PatternMatch {
  id: string;
  score: number;
  /** Signature entries that held, as text. */
  matched: string[];
}

export function entryHolds(entry: SignatureEntry, anomalies: readonly Anomaly[], scopes: Scopes): boolean {
  return observe(anomalies, scopes.sets[entry.on], entry.feature).some((o) => {
    if (o.direction !== entry.direction) return false;
    const ratio = entry.direction === 'up' ? o.ratio : o.value > 0 ? 1 / o.ratio : Infinity;
    return ratio >= entry.minRatio;
  });
}

export function scorePattern(pattern: FaultPattern, incident: Incident, scopes: Scopes): PatternMatch {
  const none = { id: pattern.id, score: 0, matched: [] };
  const indicator = incident.rootCauses[0]?.indicator;
  if (indicator === undefined || !pattern.root.indicators.includes(indicator)) return none;
  if (pattern.root.nodeKind && pattern.root.nodeKind !== scopes.rootKind) return none;
  let total = 0;
  let held = 0;
  const matched: string[] = [];
  for (const entry of pattern.signature) {
    total += entry.weight;
    if (entryHolds(entry, incident.anomalies, scopes)) {
      held += entry.weight;
      matched.push(`${entry.on}.${entry.feature} ${entry.direction}`);
    } else if (entry.required) {
      return none;
    }
  }
  return { id: pattern.id, score: total > 0 ? held / total : 0, matched };
}

/** The best pattern at or above `minScore` (ties: the earlier pattern), or `unknown` with score 0. */
export function matchFaultPattern(patterns: readonly FaultPattern[], incident: Incident, scopes: Scopes, minScore: number): PatternMatch {
  let best: PatternMatch = { id: UNKNOWN_PATTERN, score: 0, matched: [] };
  for (const p of patterns) {
    const m = scorePattern(p, incident, scopes);
    if (m.score >= minScore && m.score > best.score) best = m;
  }
  return best;
}
