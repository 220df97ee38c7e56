/**
 * Order of candidates, best first: higher Laplace-smoothed success rate for the fault pattern, then more urgent
 * priority (1 first), then lower risk; service, type and rule id only make the order deterministic.
 */
import type { Candidate } from './instantiate.js';

export function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    b.successRate - a.successRate ||
    a.action.priority - b.action.priority ||
    a.action.riskScore - b.action.riskScore ||
    a.action.target.service.localeCompare(b.action.target.service) ||
    a.action.type.localeCompare(b.action.type) ||
    a.action.ruleId.localeCompare(b.action.ruleId)
  );
}
