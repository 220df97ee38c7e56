/** What the remediation steps need: ports only, so tests and the simulator pass their own. */
import type { ActionStore, Clock, IncidentStore, RemediationNotifier } from '../../core/index.js';
import type { Logger } from '../../obs/logger.js';
import type { ActionExecutor } from '../../core/executor.js';
import type { RecoveryVerifier } from '../verify/recovery-verifier.js';

export interface ActivityDeps {
  actions: ActionStore;
  incidents: IncidentStore;
  executor: ActionExecutor;
  verifier: RecoveryVerifier;
  notifier?: RemediationNotifier;
  clock: Clock;
  logger?: Logger;
  /** Re-checked right before execution (the kill switch may have been thrown since the proposal). */
  guards: { actionsEnabled: boolean; allowedNamespaces?: string[]; maxConcurrent: number };
}
