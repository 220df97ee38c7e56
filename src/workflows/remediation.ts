/**
 * `createRemediation(config, deps)`: the one call `src/app.ts` makes. Temporal when `temporal` is set
 * (client driver + worker), the embedded store-backed driver otherwise; the same activities either way.
 */
import type { ActionStore, Clock, FeatureStore, IncidentStore, RemediationDriver, RemediationNotifier, RemediationRunStore } from '../core/index.js';
import type { Logger } from '../obs/logger.js';
import { createActivities } from './activities/create-activities.js';
import { createEmbeddedDriver } from './embedded/embedded-driver.js';
import { createDryRunExecutor } from './executors/dry-run-executor.js';
import type { ActionExecutor } from '../core/executor.js';
import { DEFAULT_VERIFY_WINDOWS, type RemediationTiming } from './remediation-config.js';
import type { TemporalTarget } from './temporal/temporal-driver.js';
import { createFeatureVerifier, type RecoveryVerifier } from './verify/recovery-verifier.js';

export interface RemediationConfig {
  temporal?: TemporalTarget;
  executor: 'dry-run' | 'kubernetes';
  /** Path of a kubeconfig; unset: in-cluster, then ~/.kube/config. */
  kubeconfig?: string;
  approvalTimeoutMs: number;
  /** The feature window: one recovery check per window. */
  windowMs: number;
  verifyWindows?: number;
  /** Temporal: one activity attempt's limit (a killed worker's attempt is retried after it). */
  activityTimeoutMs?: number;
  actionsEnabled: boolean;
  allowedNamespaces?: string[];
  maxConcurrent: number;
  /** Embedded driver: how often it looks for due runs and signals from other processes. */
  pollMs?: number;
  /** false: only the driver (CLI processes that propose and decide; the server's worker runs the steps). */
  worker?: boolean;
}

export interface RemediationDeps {
  actions: ActionStore;
  incidents: IncidentStore;
  features: FeatureStore;
  runs: RemediationRunStore;
  clock: Clock;
  logger?: Logger;
  notifier?: RemediationNotifier;
  /** Overrides the configured executor (the simulator's). */
  executor?: ActionExecutor;
  verifier?: RecoveryVerifier;
}

export interface Remediation {
  driver: RemediationDriver;
  /** `tick` (embedded only) runs the due steps now: tests and the simulator step time themselves. */
  worker?: { start(): Promise<void>; stop(): Promise<void>; tick?(): Promise<number> };
  /** Closes the Temporal client connection (no-op for the embedded driver). */
  close(): Promise<void>;
}

async function executorFor(config: RemediationConfig, deps: RemediationDeps): Promise<ActionExecutor> {
  if (deps.executor) return deps.executor;
  if (config.executor === 'kubernetes') {
    const { createK8sExecutor, loadKubeConfig } = await import('./executors/k8s/k8s-executor.js');
    return createK8sExecutor(loadKubeConfig(config.kubeconfig), { clock: deps.clock });
  }
  return createDryRunExecutor({ actions: deps.actions, clock: deps.clock });
}

export async function createRemediation(config: RemediationConfig, deps: RemediationDeps): Promise<Remediation> {
  const timing: RemediationTiming = { approvalTimeoutMs: config.approvalTimeoutMs, verifyIntervalMs: config.windowMs, verifyWindows: config.verifyWindows ?? DEFAULT_VERIFY_WINDOWS, activityTimeoutMs: config.activityTimeoutMs };
  const withWorker = config.worker ?? true;
  const activities = withWorker
    ? createActivities({
        actions: deps.actions,
        incidents: deps.incidents,
        executor: await executorFor(config, deps),
        verifier: deps.verifier ?? createFeatureVerifier(deps.features, { windowMs: config.windowMs }),
        notifier: deps.notifier,
        clock: deps.clock,
        logger: deps.logger,
        guards: { actionsEnabled: config.actionsEnabled, allowedNamespaces: config.allowedNamespaces, maxConcurrent: config.maxConcurrent },
      })
    : undefined;
  if (config.temporal) {
    const { createTemporalDriver } = await import('./temporal/temporal-driver.js');
    const t = await createTemporalDriver(config.temporal, timing);
    if (!activities) return { driver: t.driver, close: t.close };
    const { createTemporalWorker } = await import('./temporal/temporal-worker.js');
    const worker = createTemporalWorker(config.temporal, activities, deps.logger);
    return { driver: t.driver, worker, close: t.close };
  }
  const e = createEmbeddedDriver({ ...timing, pollMs: config.pollMs }, { runs: deps.runs, actions: deps.actions, clock: deps.clock, logger: deps.logger, activities });
  return { driver: e.driver, worker: activities ? e.worker : undefined, close: async () => undefined };
}
