/**
 * The decision engine: incident + rules + history → ranked proposals. Pure and deterministic; time is the
 * event time passed in. Steps: match rules, instantiate, rank, then drop what is blocked, in cooldown, a
 * duplicate of a better (service, type) candidate, or stopped by a guard. Fallback rules (MANUAL) are tried
 * only when no mutating action survives, so a human is asked whenever automation cannot help.
 */
import { guardAction } from './guards.js';
import { lastProposedAt } from './history.js';
import { incidentFacts, type IncidentFacts } from './incident-facts.js';
import { instantiate, type Candidate } from './instantiate.js';
import { matchRule } from './match-rule.js';
import { compareCandidates } from './rank.js';
import { isMutating, type Decision, type DecideInput, type ProposedAction } from './types.js';

/** Proposed actions, best first. */
export function decide(input: DecideInput): ProposedAction[] {
  return decideWithTrace(input).proposed;
}

/** `decide` plus what was left out and why, and the fault pattern the incident matched. */
export function decideWithTrace(input: DecideInput): Decision {
  const facts = incidentFacts(input);
  const decision: Decision = { proposed: [], dropped: [], faultPattern: facts.pattern.id };
  const state = { kept: new Map<string, ProposedAction>(), active: Math.max(0, input.runningActions ?? 0) };
  select(candidates(input, facts, false), input, decision, state);
  if (!decision.proposed.some((a) => isMutating(a.type))) select(candidates(input, facts, true), input, decision, state);
  return decision;
}

function candidates(input: DecideInput, facts: IncidentFacts, fallback: boolean): Candidate[] {
  return input.rules
    .filter((r) => r.fallback === fallback)
    .flatMap((r) => {
      const why = matchRule(r.when, facts, input.incident.anomalies);
      return why ? instantiate(r, why, facts, input) : [];
    })
    .sort(compareCandidates);
}

interface SelectState {
  kept: Map<string, ProposedAction>;
  /** Mutating actions running or accepted so far. */
  active: number;
}

function select(ranked: Candidate[], input: DecideInput, decision: Decision, state: SelectState): void {
  for (const c of ranked) {
    const { action } = c;
    const key = `${action.target.service}\u0000${action.type}`;
    const earlier = state.kept.get(key);
    const why = dropReason(c, input, state.active, earlier);
    if (why) {
      if (earlier && why.startsWith('duplicate')) earlier.reason.push(`also suggested by rule ${action.ruleId}`);
      decision.dropped.push({ action, reason: why });
      continue;
    }
    state.kept.set(key, action);
    decision.proposed.push(action);
    if (isMutating(action.type)) state.active += 1;
  }
}

function dropReason(c: Candidate, input: DecideInput, active: number, earlier: ProposedAction | undefined): string | null {
  const { action } = c;
  if (c.blocked) return c.blocked;
  const last = lastProposedAt(input.history, action.target.service, action.type);
  if (last !== null && input.now - last < c.cooldownMs) {
    return `cooldown: ${action.type} on ${action.target.service} was proposed ${Math.round((input.now - last) / 1000)}s ago`;
  }
  if (earlier) return `duplicate of ${earlier.type} on ${earlier.target.service} from rule ${earlier.ruleId}`;
  return guardAction(action, { ...input.config, active });
}
