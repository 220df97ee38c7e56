/** Everything rules are matched against, derived once per decision. */
import type { RootCause, Severity } from '../../core/index.js';
import { matchFaultPattern, type PatternMatch } from './fault-pattern-match.js';
import { scopesOf, type Scopes } from './scopes.js';
import type { ChangeEvent, DecideInput } from './types.js';

export interface IncidentFacts extends Scopes {
  incidentId: string;
  severity: Severity;
  /** `incident.rootCauses[0]`, or null when RCA found nothing. */
  root: RootCause | null;
  pattern: PatternMatch;
  /** Newest deployment of the root service in [firstAnomalyAt − recentChangeMs, now]. */
  change: ChangeEvent | null;
}

export function incidentFacts(input: DecideInput): IncidentFacts {
  const { incident, config } = input;
  const scopes = scopesOf(incident, input.graph);
  return {
    ...scopes,
    incidentId: incident.id,
    severity: incident.severity,
    root: incident.rootCauses[0] ?? null,
    pattern: matchFaultPattern(input.faultPatterns ?? [], incident, scopes, config.minPatternScore),
    change: recentChange(input, scopes.rootService),
  };
}

function recentChange(input: DecideInput, service: string | null): ChangeEvent | null {
  const first = Date.parse(input.incident.firstAnomalyAt);
  const from = (Number.isFinite(first) ? first : input.now) - input.config.recentChangeMs;
  let newest: ChangeEvent | null = null;
  for (const c of input.changes ?? []) {
    if (c.service !== service || c.at < from || c.at > input.now) continue;
    if (!newest || c.at > newest.at) newest = c;
  }
  return newest;
}
