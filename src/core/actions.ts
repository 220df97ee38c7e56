/** Remediation actions: the `Action` JSON shape of INTERFACES.md and the port that keeps them. */

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
}
