/** A seeded embedded store (real PGlite) and an agent over it; `llm` scripts the model when given. */
import { createMemoryActions, type AgentDeps } from '../../src/agent/index.js';
import { createAgent } from '../../src/ops/create-agent.js';
import { seedScenario, type SeededScenario } from '../../src/eval/nlq/seed-scenario.js';
import type { Llm } from '../../src/core/llm.js';
import type { PromClient } from '../../src/core/index.js';
import { createMetrics, type AiopsMetrics } from '../../src/obs/metrics.js';
import { silentLogger } from '../../src/obs/logger.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import type { AgentConfig } from '../../src/ops/create-agent.js';

export interface AgentFixture {
  stores: Stores;
  scenario: SeededScenario;
  metrics: AiopsMetrics;
  actions: ReturnType<typeof createMemoryActions>;
  agent(opts?: { llm?: Llm; prom?: PromClient; config?: AgentConfig }): AgentDeps;
  close(): Promise<void>;
}

export async function openAgentFixture(): Promise<AgentFixture> {
  const stores = await openStores({ dataDir: 'memory://' });
  const scenario = await seedScenario(stores);
  const metrics = createMetrics();
  const clock = { now: () => scenario.endMs + 5 * 60_000 };
  const actions = createMemoryActions(clock);
  const ops = { features: stores.features, graph: stores.graph, incidents: stores.incidents, clock, windowMs: 60_000 };
  return {
    stores,
    scenario,
    metrics,
    actions,
    agent: (o = {}) => createAgent(o.config ?? {}, { ops, sqlClient: stores.client, registry: metrics.registry, logger: silentLogger, actions, llm: o.llm, prom: o.prom }),
    close: () => stores.close(),
  };
}
