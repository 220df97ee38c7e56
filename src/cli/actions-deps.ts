/**
 * The remediation use cases for a one-shot CLI process: the same stores and driver kind as the server, without
 * a worker — the server's worker (embedded: through the store; Temporal: through the signal) runs the steps.
 */
import type { App } from '../app.js';
import type { ActionsDeps } from '../ops/actions.js';
import { listApprovers } from '../ops/approvers.js';
import { createRemediation } from '../workflows/remediation.js';
import { actionsConfigFrom, remediationConfigFrom } from '../workflows/remediation-from-config.js';

export async function openActionsDeps(app: App): Promise<{ deps: ActionsDeps; close(): Promise<void> }> {
  const c = app.config;
  const stores = { actions: app.stores.actions, incidents: app.stores.incidents, features: app.stores.features, runs: app.stores.remediationRuns };
  const remediation = await createRemediation(remediationConfigFrom(c, { worker: false }), { ...stores, clock: app.ops.clock, logger: app.logger });
  const deps: ActionsDeps = {
    actions: app.stores.actions,
    incidents: app.stores.incidents,
    approvers: listApprovers(c.slack.approvers),
    driver: remediation.driver,
    clock: app.ops.clock,
    config: actionsConfigFrom(c),
  };
  return { deps, close: () => remediation.close() };
}
