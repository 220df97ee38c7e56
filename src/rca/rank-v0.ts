/**
 * Root-cause ranking v0: a transparent heuristic over onset order, call-graph position, self time / error share
 * and anomaly magnitude. A causal method replaces it later behind the same contract.
 */
import type { RootCause } from '../core/index.js';
import { buildEvidence } from './evidence.js';
import { chooseIndicator } from './indicator.js';
import { FLAT_SELF_RATIO, type NodeFacts } from './node-facts.js';
import type { RcaInput } from './rca-input.js';
import { buildRankContext, type RankContext } from './rank-context.js';
import { selfRatio, type WindowFacts } from './window-evidence.js';

export type { RcaInput } from './rca-input.js';

/** Weights of the four signals; each signal is in 0..1, so the score is too. */
export const RCA_WEIGHTS = { position: 0.35, onset: 0.25, own: 0.15, magnitude: 0.25 } as const;

/** Position score of a node whose anomalous downstream started no earlier than it did. */
const POSITION_VICTIM = 0.15;
const POSITION_DOWNSTREAM_LATER = 0.7;
/** Self-time ratio at which the node's own work clearly explains its latency. */
const CLEAR_SELF_RATIO = 2;

/** Best first; scores in 0..1; evidence strings carry numbers and times. Empty or malformed input gives []. */
export function rankRootCausesV0(input: RcaInput): RootCause[] {
  const anomalies = (input?.anomalies ?? []).filter(
    (a) => a && typeof a.service === 'string' && a.service !== '' && Number.isFinite(Date.parse(a.windowStart)) && Number.isFinite(a.value),
  );
  if (!anomalies.length) return [];
  const ctx = buildRankContext(input, anomalies);
  const maxScore = Math.max(1e-9, ...[...ctx.facts.values()].map((f) => f.maxScore));
  const ranked = [...ctx.facts.values()].map((f) => {
    const choice = chooseIndicator(f.kind, f.anomalies);
    const parts = {
      position: positionScore(f, ctx),
      onset: 1 / (1 + Math.max(0, f.onset - ctx.earliest) / ctx.windowMs),
      own: ownScore(f, choice.indicator, ctx),
      magnitude: Math.min(1, f.maxScore / maxScore),
    };
    const score =
      RCA_WEIGHTS.position * parts.position + RCA_WEIGHTS.onset * parts.onset + RCA_WEIGHTS.own * parts.own + RCA_WEIGHTS.magnitude * parts.magnitude;
    return { f, cause: { service: f.name, indicator: choice.indicator, score: round3(score), evidence: buildEvidence(f, choice, ctx) } };
  });
  ranked.sort((a, b) => b.cause.score - a.cause.score || a.f.onset - b.f.onset || a.f.name.localeCompare(b.f.name));
  return ranked.map((r) => r.cause);
}

/** 1: nothing anomalous below it; 0.7: what is anomalous below started later; 0.15: a victim of its callees. */
function positionScore(f: NodeFacts, ctx: RankContext): number {
  if (f.inferredFrom) return 1;
  const down = ctx.downstream(f.name);
  if (!down.length) return 1;
  return down.every((d) => d.onset > f.onset) ? POSITION_DOWNSTREAM_LATER : POSITION_VICTIM;
}

/**
 * Errors: the node's share of the errors added during the incident (relative to the largest). Other problems:
 * the rise of self time per request — flat self time means the extra latency was spent waiting on callees.
 * Unknown: 0.5. An inferred dependency takes the complement of its callers' self-time scores.
 */
function ownScore(f: NodeFacts, indicator: string, ctx: RankContext): number {
  if (f.inferredFrom) {
    const known = f.inferredFrom.map((c) => selfScore(ctx.windows.get(c))).filter((s): s is number => s !== undefined);
    return known.length ? 1 - known.reduce((a, b) => a + b, 0) / known.length : 0.5;
  }
  if (indicator === 'errors') {
    const maxAdded = Math.max(0, ...[...ctx.windows.values()].map((w) => w.addedErrors));
    const mine = ctx.windows.get(f.name)?.addedErrors;
    return mine === undefined || maxAdded <= 0 ? 0.5 : mine / maxAdded;
  }
  return selfScore(ctx.windows.get(f.name)) ?? 0.5;
}

function selfScore(w: WindowFacts | undefined): number | undefined {
  const r = selfRatio(w);
  if (r === undefined) return undefined;
  if (r <= FLAT_SELF_RATIO) return 0.1;
  if (r >= CLEAR_SELF_RATIO) return 1;
  return 0.1 + (0.9 * (r - FLAT_SELF_RATIO)) / (CLEAR_SELF_RATIO - FLAT_SELF_RATIO);
}

function round3(v: number): number {
  return Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000;
}
