/** The remediation and action-policy settings of the validated `Config`, for `src/app.ts` and the CLI. */
import type { Config } from '../config/config.js';
import type { ActionsConfig } from '../ops/actions-deps.js';
import type { RemediationConfig } from './remediation.js';

export function remediationConfigFrom(c: Readonly<Config>, opts: { worker: boolean }): RemediationConfig {
  return {
    temporal: c.temporal,
    executor: c.executor,
    kubeconfig: c.kubeconfig,
    approvalTimeoutMs: c.approvalTimeoutMs,
    windowMs: c.windowMs,
    verifyWindows: c.actions.verifyWindows,
    actionsEnabled: c.actions.enabled,
    allowedNamespaces: c.actions.allowedNamespaces,
    maxConcurrent: c.actions.maxConcurrent,
    worker: opts.worker,
  };
}

export function actionsConfigFrom(c: Readonly<Config>): ActionsConfig {
  return { approvalThreshold: c.actions.approvalThreshold, actionsEnabled: c.actions.enabled, allowedNamespaces: c.actions.allowedNamespaces, maxConcurrent: c.actions.maxConcurrent, dryRun: c.executor === 'dry-run' };
}
