/** Slack self-metrics, registered on the app's own registry (once per registry). */
import { Counter, Histogram, type Registry } from 'prom-client';

export interface SlackMetrics {
  /** Requests at /slack/events by kind (command, block_actions, view_submission, event_callback) and outcome. */
  requests: Counter<'kind' | 'outcome'>;
  /** Time from request arrival to the HTTP ack. */
  ackSeconds: Histogram<'kind'>;
  /** Approve/Reject clicks by outcome (decided, denied, duplicate, failed). */
  decisions: Counter<'decision' | 'outcome'>;
  /** Web API calls that failed, by method. */
  apiErrors: Counter<'method'>;
}

export function slackMetrics(registry: Registry): SlackMetrics {
  const get = <T>(name: string, make: () => T): T => (registry.getSingleMetric(name) as T | undefined) ?? make();
  const reg = { registers: [registry] };
  return {
    requests: get('aiops_slack_requests_total', () => new Counter({ name: 'aiops_slack_requests_total', help: 'Requests at /slack/events', labelNames: ['kind', 'outcome'], ...reg })),
    ackSeconds: get('aiops_slack_ack_seconds', () => new Histogram({ name: 'aiops_slack_ack_seconds', help: 'Request arrival to HTTP ack', labelNames: ['kind'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], ...reg })),
    decisions: get('aiops_slack_decisions_total', () => new Counter({ name: 'aiops_slack_decisions_total', help: 'Approve/Reject clicks by outcome', labelNames: ['decision', 'outcome'], ...reg })),
    apiErrors: get('aiops_slack_api_errors_total', () => new Counter({ name: 'aiops_slack_api_errors_total', help: 'Failed Slack Web API calls', labelNames: ['method'], ...reg })),
  };
}
