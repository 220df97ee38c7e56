/** The agent over a one-shot app (CLI): the server's wiring when the app has it, else the same agent without Slack. */
import type { App } from '../app.js';
import { actionsPortFrom, type AgentDeps } from '../agent/index.js';
import { createAgent } from '../ops/create-agent.js';
import { proposeAction, type ActionsDeps } from '../ops/actions.js';
import { packageRoot } from '../package-root.js';
import { join } from 'node:path';

export function agentFor(app: App, actions?: ActionsDeps): AgentDeps {
  if (app.agent) return app.agent;
  const root = packageRoot();
  return createAgent(
    { llm: app.config.llm, anonymize: app.config.llmAnonymize, secrets: app.config.secrets, prometheusUrl: app.config.prometheusUrl, promptsDir: join(root, 'prompts'), runbooksDir: join(root, 'knowledge', 'runbooks') },
    {
      ops: app.ops,
      sqlClient: app.stores.client,
      registry: app.metrics.registry,
      logger: app.logger,
      actions: actions ? actionsPortFrom({ propose: (r) => proposeAction(actions, r), get: (id) => app.stores.actions.get(id) }) : undefined,
    },
  );
}
