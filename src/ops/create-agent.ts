/**
 * `createAgent(config, deps)`: builds the tool context from the app's ports and returns the `AgentDeps` that
 * `ask` (ask.ts) and `runQuery` (query.ts) take. The composition root calls it once. It lives in ops, not in
 * src/agent, because the tools call the ops use cases (RCA, detection): ops depends on the agent, never back.
 */
import { ALL_TOOLS } from '../../tools/index.js';
import type { ActionsPort, AnyTool, Llm, PromClient, ToolContext } from '../core/index.js';
import { noActions } from '../agent/actions-adapters.js';
import { createAgentMetrics } from '../agent/agent-metrics.js';
import type { AgentDeps } from '../agent/deps.js';
import { createRunbookSearch, loadRunbooks } from '../agent/knowledge/runbook-index.js';
import { anonymizingLlm, type KnownNames } from '../agent/llm/anonymize.js';
import { createLlm } from '../agent/llm/create-llm.js';
import { DEFAULT_LOOP_LIMITS, type LoopLimits } from '../agent/loop.js';
import { loadPrompts } from '../agent/prompts.js';
import { createRateLimiter } from '../agent/rate-limiter.js';
import { readViewDocs } from '../agent/views-doc.js';
import type { Logger } from '../obs/logger.js';
import { DEFAULT_SQL_POLICY, type SqlPolicy } from '../query/index.js';
import { createPromClient, unconfiguredProm } from '../stores/prometheus/prom-http.js';
import type { SqlClient } from '../stores/sql-client.js';
import { runGuardedSql } from '../stores/sql-readonly/run-readonly.js';
import type { Registry } from 'prom-client';
import type { OpsContext } from './context.js';
import { detectNow } from './detect.js';
import { runRca } from './rca.js';

export interface AgentConfig {
  /** From `Config.llm` (AIOPS_LLM); absent: deterministic router only. */
  llm?: { provider: string; model: string };
  secrets?: { openaiApiKey?: string; openaiBaseUrl?: string; anthropicApiKey?: string; anthropicBaseUrl?: string };
  prometheusUrl?: string;
  limits?: Partial<LoopLimits>;
  /** Questions per user: bucket size and refill per minute. */
  rateLimit?: { capacity: number; perMinute: number };
  promptsDir?: string;
  runbooksDir?: string;
  llmMaxRetries?: number;
  /** AIOPS_LLM_ANONYMIZE: names become stable aliases before anything reaches the model (llm/anonymize.ts). */
  anonymize?: boolean;
}

export interface AgentPorts {
  ops: OpsContext;
  /** The database the documented views live in; queries run READ ONLY through the guard. */
  sqlClient: SqlClient;
  registry: Registry;
  logger: Logger;
  /** Issue 7's proposal path (`actionsPortFrom`); absent: proposals are refused with a message. */
  actions?: ActionsPort;
  /** Overrides (tests): a scripted model, a Prometheus client, the tool list. */
  llm?: Llm;
  prom?: PromClient;
  tools?: readonly AnyTool[];
}

export function createAgent(config: AgentConfig, deps: AgentPorts): AgentDeps {
  const policy: SqlPolicy = { ...DEFAULT_SQL_POLICY, allowRecursive: deps.sqlClient.engine !== 'pglite' };
  const runbooks = createRunbookSearch(loadRunbooks(config.runbooksDir));
  const prom = deps.prom ?? (config.prometheusUrl ? createPromClient(config.prometheusUrl) : unconfiguredProm);
  const ctx: ToolContext = {
    features: deps.ops.features,
    graph: deps.ops.graph,
    incidents: deps.ops.incidents,
    clock: deps.ops.clock,
    windowMs: deps.ops.windowMs,
    async rca(service, at, windowMs) {
      const r = await runRca(deps.ops, { service, at, windowMs });
      return r.ok ? { ok: true, ...r.value } : { ok: false, message: r.error.message };
    },
    detect: (service, windowMs) => detectNow(deps.ops, service, windowMs),
    async sql(text) {
      const r = await runGuardedSql(deps.sqlClient, text, policy);
      return r.ok ? { ok: true, columns: r.columns, rows: r.rows, truncated: r.truncated, sql: r.sql } : { ok: false, code: r.code, message: r.message, sql: r.sql };
    },
    promql: (expr, range) => prom.query(expr, range),
    knowledge: runbooks,
    actions: deps.actions ?? noActions,
  };
  const model = deps.llm ?? (config.llm ? createLlm({ ...config.llm, secrets: config.secrets ?? {}, maxRetries: config.llmMaxRetries }) : undefined);
  const llm = model && config.anonymize ? anonymizingLlm(model, graphNames(deps.ops)) : model;
  return {
    tools: deps.tools ?? ALL_TOOLS,
    ctx,
    llm,
    limits: { ...DEFAULT_LOOP_LIMITS, ...config.limits },
    metrics: createAgentMetrics(deps.registry),
    logger: deps.logger.child({ component: 'agent' }),
    rateLimiter: createRateLimiter({ capacity: config.rateLimit?.capacity ?? 10, perMinute: config.rateLimit?.perMinute ?? 10, clock: deps.ops.clock }),
    prompts: loadPrompts(config.promptsDir),
    views: () => readViewDocs(deps.sqlClient),
    prom,
    progressEveryMs: 1000,
  };
}

/** The names the anonymizer must hide: every node of the last day's service graph, refreshed once a minute. */
function graphNames(ops: OpsContext): () => Promise<KnownNames> {
  let cached: { at: number; names: KnownNames } | undefined;
  return async () => {
    const now = ops.clock.now();
    if (cached && now - cached.at < 60_000) return cached.names;
    const g = await ops.graph.getGraph({ from: now - 86_400_000, to: now });
    cached = { at: now, names: { services: g.nodes.map((n) => n.name) } };
    return cached.names;
  };
}
