/** Timing of a remediation, shared by both drivers (and passed to the Temporal workflow as its input). */
export interface RemediationTiming {
  /** An action not decided by then expires (AIOPS_APPROVAL_TIMEOUT). */
  approvalTimeoutMs: number;
  /** Time between recovery checks: one feature window. */
  verifyIntervalMs: number;
  /** Checks before the action counts as failed and is compensated (N windows). */
  verifyWindows: number;
  /** Temporal: how long one activity attempt may run before it is retried elsewhere (a dead worker's attempt). Default 60 s. */
  activityTimeoutMs?: number;
}

export const DEFAULT_VERIFY_WINDOWS = 5;
