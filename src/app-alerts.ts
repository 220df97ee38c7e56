/**
 * Wiring of the Alertmanager intake (src/alerts): the intake over the alert-aware incident store, its pipeline
 * listener (an anomaly incident folds in the alert incidents it explains) and its webhook handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from './config/config.js';
import type { Clock } from './core/index.js';
import type { Logger } from './obs/logger.js';
import type { AiopsMetrics } from './obs/metrics.js';
import type { OpsContext } from './ops/context.js';
import { runRca } from './ops/rca.js';
import type { Pipeline } from './pipeline/pipeline.js';
import type { AlertAwareIncidentStore } from './alerts/alert-aware-incidents.js';
import { createAlertIntake, type AlertIntake } from './alerts/alert-intake.js';
import { createAlertMetrics } from './alerts/alert-metrics.js';
import { createAlertmanagerWebhook } from './alerts/webhook-handler.js';
import { DEFAULT_CORRELATE } from './alerts/correlate.js';

export interface AlertsPart {
  intake: AlertIntake;
  webhook: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

export function createAlertsPart(
  config: Readonly<Config>,
  deps: { incidents: AlertAwareIncidentStore; ops: OpsContext; pipeline: Pick<Pipeline, 'onIncident'>; metrics: AiopsMetrics; logger: Logger; clock: Clock; newIncidentId(ms: number): string },
): AlertsPart {
  const intake = createAlertIntake(
    { serviceLabels: config.alerts.serviceLabels, joinWindowMs: config.alerts.joinWindowMs, maxHops: DEFAULT_CORRELATE.maxHops },
    {
      incidents: deps.incidents,
      graph: deps.ops.graph,
      clock: deps.clock,
      metrics: createAlertMetrics(deps.metrics.registry),
      logger: deps.logger.child({ component: 'alerts' }),
      newIncidentId: deps.newIncidentId,
      async rootCauses(service, atMs) {
        const r = await runRca(deps.ops, { service, at: atMs + 5 * 60_000 });
        return r.ok ? r.value.rootCauses : [];
      },
    },
  );
  deps.pipeline.onIncident((change) => (change.kind === 'resolved' ? undefined : intake.onIncident(change.incident)));
  return { intake, webhook: createAlertmanagerWebhook(intake) };
}
