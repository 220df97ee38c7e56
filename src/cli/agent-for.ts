/** The agent over a one-shot app (CLI): same wiring as `serve`, minus Slack. */
import type { App } from '../app.js';
import { createAgent, type AgentDeps } from '../agent/index.js';

export function agentFor(app: App): AgentDeps {
  const existing = (app as App & { agent?: AgentDeps }).agent;
  if (existing) return existing;
  return createAgent(
    { llm: app.config.llm, secrets: app.config.secrets, prometheusUrl: app.config.prometheusUrl },
    { ops: app.ops, sqlClient: app.stores.client, registry: app.metrics.registry, logger: app.logger },
  );
}
