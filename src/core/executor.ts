/** How a remediation reaches the system it changes (Kubernetes, the simulator, or nowhere in dry-run). */
import type { Action } from './actions.js';

/** One request as sent (or, in dry-run, as it would be sent): the exact patch and its content type. */
export interface SentRequest {
  method: 'GET' | 'PATCH' | 'POST' | 'DELETE';
  path: string;
  contentType?: string;
  body?: unknown;
  dryRun?: boolean;
}

/** Enough to undo an applied action (previous replicas, the template rolled away from, resources created). */
export type UndoPlan =
  | { kind: 'none'; why: string }
  | { kind: 'scale'; replicas: number }
  | { kind: 'template'; template: unknown }
  | { kind: 'delete'; resources: { apiVersion: string; kind: string; namespace: string; name: string }[] }
  | { kind: 'sim'; undo: string };

export interface ExecOutcome {
  /** One line for people (audit, Slack). */
  detail: string;
  undo: UndoPlan;
  /** True when the change was found already applied by an earlier attempt, so nothing was sent now. */
  alreadyApplied: boolean;
  requests: SentRequest[];
}

/**
 * Applies an action exactly once per action id: a retry after a crash finds the earlier change (a marker
 * annotation on the object, a resource named after the action, a recorded dry-run) and sends nothing again.
 * Permanent refusals (forbidden, not found, invalid) throw an `ExecutorError` with `retryable: false`.
 */
export interface ActionExecutor {
  readonly kind: 'dry-run' | 'kubernetes' | 'simulator';
  apply(action: Action): Promise<ExecOutcome>;
  revert(action: Action, undo: UndoPlan): Promise<ExecOutcome>;
}

export class ExecutorError extends Error {
  constructor(message: string, readonly retryable: boolean, readonly type: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExecutorError';
  }
}
