/** Remediation actions: the `Action` JSON shape of INTERFACES.md and the port that keeps them. */
import type { Incident } from './incidents.js';

export type ActionType = 'ALERT' | 'RATE_LIMIT' | 'CIRCUIT_BREAK' | 'AUTO_SCALE' | 'RESTART' | 'ROLLBACK' | 'MANUAL';

export type ActionStatus = 'proposed' | 'approved' | 'rejected' | 'expired' | 'running' | 'succeeded' | 'failed' | 'compensated';

export interface ActionTarget {
  service: string;
  namespace?: string;
  kind?: 'Deployment' | 'StatefulSet';
}

export interface AuditEntry {
  at: string;
  actor: string;
  event: string;
  detail: string;
  /** Facts the step relied on (root-cause evidence, rule reasons, verification readings). */
  evidence?: string[];
}

export interface Action {
  id: string;
  incidentId: string;
  type: ActionType;
  target: ActionTarget;
  params: Record<string, unknown>;
  riskScore: number;
  requiresApproval: boolean;
  status: ActionStatus;
  decidedBy?: string;
  dryRun: boolean;
  audit: AuditEntry[];
  /** 2 for ROLLBACK and for risk ≥ the dual-approval risk: two different people must approve. */
  requiredApprovers?: 1 | 2;
  /** Who proposed it (`engine`, a user id, `api`); a proposer may not approve its own high-risk action. */
  proposedBy?: string;
  /** Wall-clock ISO time of the proposal. */
  createdAt?: string;
  /** Why it was proposed (rule, facts, risk factors). */
  reason?: string[];
  /** The fault pattern the decision engine matched (knowledge/fault-patterns id); keys the success history. */
  faultPattern?: string;
}

export interface ActionQuery {
  status?: ActionStatus;
  incidentId?: string;
  limit?: number;
}

/** Actions and their append-only audit trail. `transition` is the only way a status changes. */
export interface ActionStore {
  create(action: Action): Promise<void>;
  get(id: string): Promise<Action | null>;
  list(q?: ActionQuery): Promise<Action[]>;
  /**
   * Compare-and-set: moves the action from `from` to `to` and appends `audit` atomically; returns the new action,
   * or null when its status was not `from` (a double click or a retry then changes nothing).
   */
  transition(id: string, from: ActionStatus, to: ActionStatus, audit: AuditEntry, patch?: Partial<Pick<Action, 'decidedBy' | 'params'>>): Promise<Action | null>;
  /** Appends to the audit trail without a status change. */
  appendAudit(id: string, audit: AuditEntry): Promise<void>;
  /**
   * Read-decide-write on one action, atomically: `plan` sees the action as stored, with the row locked until
   * the write commits, so concurrent callers on one action run one after another and each sees the writes of
   * the one before (two approvals at once: exactly one moves the status). `plan` returns what to write, or
   * null to write nothing. Null when there is no such action.
   */
  update(id: string, plan: (current: Action) => ActionUpdate | null): Promise<{ action: Action; changed: boolean } | null>;
}

/** What `ActionStore.update` writes: audit entries and, optionally, a new status and decider. */
export interface ActionUpdate {
  audit: AuditEntry[];
  status?: ActionStatus;
  decidedBy?: string;
}

/** Reports an action's progress to people (the incident's Slack thread); failures are logged, never fatal. */
export interface RemediationNotifier {
  actionChanged(action: Action, incident: Incident | null): Promise<void>;
}

/** Tells people about incidents and actions (Slack); also the remediation workflow's notifier. */
export interface IncidentNotifier extends RemediationNotifier {
  /** Coalesced: several changes to one incident within the coalescing delay become one update. */
  incidentChanged(change: { kind: 'opened' | 'updated' | 'resolved'; incident: Incident }): void;
  /** Posts a proposed action (with buttons) in its incident thread, or edits its message after a decision. */
  actionChanged(action: Action, incident: Incident | null): Promise<void>;
  /** Sends what is pending now and waits for every update in flight. */
  flush(): Promise<void>;
}

/** A final approve/reject recorded in the store, delivered to the running remediation. */
export interface DecisionSignal {
  decision: 'approve' | 'reject';
  user: string;
}

/** What a running remediation exposes to queries (`phase` is the step it is in or waits on). */
export interface RemediationState {
  actionId: string;
  phase: 'notify' | 'awaiting-decision' | 'executing' | 'verifying' | 'compensating' | 'reporting' | 'done';
  status: ActionStatus;
  verifyAttempts: number;
}

/**
 * Runs remediations durably (Temporal or the embedded store-backed driver). The store is the source of truth
 * for an action's status; the driver advances it through the steps. Every method is idempotent by action id.
 */
export interface RemediationDriver {
  readonly kind: 'temporal' | 'embedded';
  /** Starts the remediation of a stored `proposed` action; a second start of the same id changes nothing. */
  start(action: Action): Promise<void>;
  /** Wakes the remediation after a final decision was recorded in the store. */
  signal(actionId: string, decision: DecisionSignal): Promise<void>;
  /** The remediation's state, or null when the driver does not know the action. */
  state(actionId: string): Promise<RemediationState | null>;
}

/** One remediation run of the embedded driver, kept in the store so it resumes after a restart. */
export interface RemediationRun {
  actionId: string;
  phase: string;
  /** Step results the later steps need (undo plan, execution time, attempts). */
  data: Record<string, unknown>;
  /** Wall-clock ms at which the run is due again (timeout, next verification, retry backoff). */
  wakeAt: number;
  /** A decision arrived since the run last looked. */
  signalled: boolean;
}

/** Durable runs of the embedded driver; `advance` is compare-and-set on the phase. */
export interface RemediationRunStore {
  /** False when a run for the action already exists (a second start changes nothing). */
  create(run: RemediationRun): Promise<boolean>;
  get(actionId: string): Promise<RemediationRun | null>;
  /** Runs not done whose wake time has come or that were signalled, oldest first. */
  due(nowMs: number, limit: number): Promise<RemediationRun[]>;
  /** Moves the run on from `fromPhase`; false when another step already moved it. Clears nothing else. */
  advance(actionId: string, fromPhase: string, next: { phase: string; data: Record<string, unknown>; wakeAt: number }): Promise<boolean>;
  /** Sets or clears the signalled flag. */
  setSignalled(actionId: string, signalled: boolean): Promise<void>;
}
