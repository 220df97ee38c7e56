/** Alerts in and incidents out, for /metrics. */
import { Counter, type Registry } from 'prom-client';

export interface AlertMetrics {
  /** outcome: new (first notification of a fingerprint), repeat, rejected (malformed) */
  received: Counter<'outcome'>;
  /** Alerts seen resolving (status resolved or endsAt passed). */
  resolved: Counter<string>;
  /** outcome: joined (an existing incident absorbed the alert), opened (an alert incident), folded (an alert incident absorbed by an anomaly incident) */
  incidents: Counter<'outcome'>;
  /** Webhook bodies refused as a whole (not payload version 4, not JSON). */
  refused: Counter<string>;
}

function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]): Counter<L> {
  return (registry.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames, registers: [registry] });
}

export function createAlertMetrics(registry: Registry): AlertMetrics {
  return {
    received: counter(registry, 'aiops_alerts_received_total', 'Alertmanager alerts received, by outcome (new, repeat, rejected)', ['outcome']),
    resolved: counter(registry, 'aiops_alerts_resolved_total', 'Alertmanager alerts seen resolving', []),
    incidents: counter(registry, 'aiops_alert_incidents_total', 'What alerts did to incidents: joined an existing one, opened an alert incident, or an alert incident folded into an anomaly incident', ['outcome']),
    refused: counter(registry, 'aiops_alert_notifications_refused_total', 'Alertmanager webhook bodies refused (not version 4 or not JSON)', []),
  };
}
