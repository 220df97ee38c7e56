/** Contracts of the decision engine: what `decide` reads and the actions it proposes. */
import type { ChangeEvent } from '../../core/changes.js';
import type { Incident, ServiceGraph } from '../../core/index.js';
import type { FaultPattern, Rule } from '../knowledge-schema.js';
import type { PeakWindow } from '../risk/peak-hours.js';

import type { ActionType } from './action-type.js';

export { ACTION_TYPES, isMutating, type ActionType } from './action-type.js';

export interface ActionTarget {
  service: string;
  namespace?: string;
  kind?: 'Deployment' | 'StatefulSet';
}

/**
 * A remediation the engine suggests; nothing has run yet. The store turns it into an `Action` (id, status,
 * audit). Invariants: `riskScore` and `confidence` are in [0, 1]; `requiresApproval` ⇔ riskScore > threshold;
 * `requiredApprovers` is 2 for ROLLBACK and for riskScore ≥ the dual-approval threshold.
 */
export interface ProposedAction {
  incidentId: string;
  type: ActionType;
  target: ActionTarget;
  params: Record<string, unknown>;
  confidence: number;
  riskScore: number;
  requiresApproval: boolean;
  requiredApprovers: 1 | 2;
  /** 1 is the most urgent. */
  priority: number;
  ruleId: string;
  /** Human lines: which rule, which facts, which risk factors. */
  reason: string[];
  /** Services upstream of the target (callers, transitively, bounded): who feels the action. */
  blastRadius: string[];
}

/** Outcomes of one action type on one service for one fault pattern (`unknown` when none matched). */
export interface ActionStats {
  service: string;
  actionType: ActionType;
  faultPattern: string;
  successes: number;
  failures: number;
  /** Event time (epoch ms) of the latest proposal; drives cooldowns. */
  lastProposedAt?: number;
  /** Failures inside the recent window the caller chose (feeds the risk factor). */
  recentFailures: number;
}

export type ActionHistory = readonly ActionStats[];

/** A deployment seen in the telemetry (src/features/deployments.ts detects them; nothing else creates them). */
export type { ChangeEvent } from '../../core/changes.js';

/** What is known of the workload behind a service; everything optional. */
export interface Workload {
  namespace?: string;
  kind?: 'Deployment' | 'StatefulSet';
  replicas?: number;
}

export interface DecisionConfig {
  /** Risk above this needs a human approval (seed: 0.7). */
  approvalThreshold: number;
  /** Risk at or above this needs two different approvers. */
  dualApprovalRisk: number;
  peakHours: readonly PeakWindow[];
  /** Offset of the business timezone from UTC, minutes (UTC+8 → 480). */
  utcOffsetMinutes: number;
  /** Stops every mutating proposal; alerts and manual steps still go out. */
  killSwitch: boolean;
  /** Namespaces where mutating actions may run; undefined allows all. */
  allowedNamespaces?: readonly string[];
  defaultNamespace: string;
  /** Mutating actions allowed at once, counting those already running. */
  maxConcurrentActions: number;
  /** Hops followed upstream for the blast radius. */
  blastRadiusHops: number;
  /** A deployment this long before the first anomaly (or later) counts as "a new version appeared". */
  recentChangeMs: number;
  /** Fault-pattern match score (0..1) below which the incident's pattern is `unknown`. */
  minPatternScore: number;
}

export const DEFAULT_DECISION_CONFIG: DecisionConfig = {
  approvalThreshold: 0.7,
  dualApprovalRisk: 0.9,
  peakHours: [
    { from: '10:00', to: '12:00' },
    { from: '14:00', to: '16:00' },
  ],
  utcOffsetMinutes: 0,
  killSwitch: false,
  defaultNamespace: 'default',
  maxConcurrentActions: 3,
  blastRadiusHops: 4,
  recentChangeMs: 30 * 60_000,
  minPatternScore: 0.5,
};

export interface DecideInput {
  incident: Incident;
  rules: readonly Rule[];
  faultPatterns?: readonly FaultPattern[];
  history: ActionHistory;
  graph: ServiceGraph;
  /** Event time of the decision (epoch ms): peak hours and cooldowns use it, never the wall clock. */
  now: number;
  config: DecisionConfig;
  /** Mutating actions currently running (for the concurrency guard). */
  runningActions?: number;
  changes?: readonly ChangeEvent[];
  workloads?: Readonly<Record<string, Workload>>;
}

/** A candidate that was not proposed, and why (for logs and `aiops actions --explain`). */
export interface DroppedAction {
  action: ProposedAction;
  reason: string;
}

export interface Decision {
  proposed: ProposedAction[];
  dropped: DroppedAction[];
  /** Id of the fault pattern the incident matched, or `unknown`. */
  faultPattern: string;
}
