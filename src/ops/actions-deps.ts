/** What the remediation use cases need: the store, the incidents, the approver check, the driver, the policy. */
import type { ActionStore, Clock, IncidentStore, RemediationDriver } from '../core/index.js';
import type { PeakWindow } from '../decision/risk/peak-hours.js';

export interface ActionsConfig {
  /** Risk strictly above this needs a human approval (seed: 0.7). */
  approvalThreshold: number;
  /** false: the kill switch is on and no mutating action is proposed or executed. */
  actionsEnabled: boolean;
  /** Namespaces where mutating actions may run; undefined allows all. */
  allowedNamespaces?: string[];
  /** Mutating actions proposed, approved or running at once. */
  maxConcurrent: number;
  /** Actions record what they would send instead of sending it. */
  dryRun: boolean;
  /** Two different approvers at or above this risk (default 0.9). */
  dualApprovalRisk?: number;
  /** Defaults to the decision engine's peak hours (10–12, 14–16). */
  peakHours?: readonly PeakWindow[];
  utcOffsetMinutes?: number;
  /** Namespace of a target that names none (default `default`). */
  defaultNamespace?: string;
}

export interface ActionsDeps {
  actions: ActionStore;
  incidents: IncidentStore;
  /** Resolves SLACK_APPROVERS users and groups; the Slack side supplies group resolution. */
  approvers: (userId: string) => Promise<boolean>;
  driver: RemediationDriver;
  clock: Clock;
  config: ActionsConfig;
}
