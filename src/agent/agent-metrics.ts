/** Agent counters, registered in the app's prom-client registry (`AiopsMetrics.registry`). */
import { Counter, type Registry } from 'prom-client';

export interface AgentMetrics {
  /** labels provider, model, kind (input|output) */
  tokens: Counter<'provider' | 'model' | 'kind'>;
  /** USD estimated from the public price of the model (0 for unknown models). */
  costUsd: Counter<'provider' | 'model'>;
  /** labels tool, status (ok|no_data|error|approval_required|refused) */
  toolCalls: Counter<'tool' | 'status'>;
  /** labels path (llm|deterministic), outcome (answered|rate_limited|limit|failed) */
  requests: Counter<'path' | 'outcome'>;
}

function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

export function createAgentMetrics(registry: Registry): AgentMetrics {
  return {
    tokens: counter(registry, 'aiops_llm_tokens_total', 'LLM tokens used', ['provider', 'model', 'kind']),
    costUsd: counter(registry, 'aiops_llm_cost_usd_total', 'Estimated LLM cost in USD', ['provider', 'model']),
    toolCalls: counter(registry, 'aiops_agent_tool_calls_total', 'Agent tool calls by outcome', ['tool', 'status']),
    requests: counter(registry, 'aiops_agent_requests_total', 'Agent questions by path and outcome', ['path', 'outcome']),
  };
}
