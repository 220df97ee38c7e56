/**
 * The bounded tool-calling loop: model turn → tool calls → results → next turn, until the model answers or a
 * limit (steps, tokens, wall time) stops it. Tool results enter the conversation redacted, truncated and
 * fenced as untrusted data.
 */
import type { AgentMetrics } from './agent-metrics.js';
import { costUsd } from './llm/pricing.js';
import type { ChatMessage, Llm } from '../core/llm.js';
import { untrusted } from './safety.js';
import { runTool, toolSpecs, type ToolEnv, type ToolRun } from './tool-runner.js';
import { truncateJson } from './truncate.js';
import { createResultBudget } from './tool-budgets.js';

export interface LoopLimits {
  maxSteps: number;
  /** Input + output tokens over all turns. */
  maxTokens: number;
  maxWallMs: number;
  /** Characters of one tool result given to the model. */
  maxResultChars: number;
}

export const DEFAULT_LOOP_LIMITS: LoopLimits = { maxSteps: 8, maxTokens: 60_000, maxWallMs: 90_000, maxResultChars: 6_000 };

export interface LoopResult {
  text: string;
  runs: ToolRun[];
  stoppedBy?: 'steps' | 'tokens' | 'time';
  usage: { inputTokens: number; outputTokens: number };
}

export interface LoopArgs {
  llm: Llm;
  system: string;
  messages: ChatMessage[];
  env: ToolEnv;
  limits: LoopLimits;
  metrics?: AgentMetrics;
  onProgress?: (partial: string) => void;
  now?: () => number;
}

export async function runLoop(a: LoopArgs): Promise<LoopResult> {
  const now = a.now ?? Date.now;
  const started = now();
  const messages = [...a.messages];
  const specs = toolSpecs(a.env.tools);
  const runs: ToolRun[] = [];
  const usage = { inputTokens: 0, outputTokens: 0 };
  const budget = createResultBudget(a.limits.maxResultChars);
  let progress = '';
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), a.limits.maxWallMs);
  timer.unref?.();
  try {
    for (let step = 0; step < a.limits.maxSteps; step++) {
      let streamed = '';
      const r = await a.llm.chat({
        system: a.system,
        messages,
        tools: specs,
        signal: abort.signal,
        onToken: (d) => {
          streamed += d;
          a.onProgress?.(progress + streamed);
        },
      });
      usage.inputTokens += r.usage.inputTokens;
      usage.outputTokens += r.usage.outputTokens;
      count(a, r.usage);
      if (r.toolCalls.length === 0) return { text: r.text, runs, usage };
      messages.push({ role: 'assistant', content: r.text, toolCalls: r.toolCalls });
      for (const call of r.toolCalls) {
        const run = await runTool(a.env, call.name, call.input);
        runs.push(run);
        progress += `_${run.summary}_\n`;
        a.onProgress?.(progress);
        const body = truncateJson({ status: run.result.status, ...(run.result.query ? { query: run.result.query } : {}), ...(run.result.error ? { error: run.result.error } : {}), ...(run.result.data !== undefined ? { data: run.result.data } : {}) }, budget.take(call.name));
        budget.spend(body.length);
        messages.push({ role: 'tool', toolCallId: call.id, name: call.name, content: untrusted(`tool:${call.name}`, body) });
      }
      if (usage.inputTokens + usage.outputTokens >= a.limits.maxTokens) return { text: '', runs, usage, stoppedBy: 'tokens' };
      if (now() - started >= a.limits.maxWallMs) return { text: '', runs, usage, stoppedBy: 'time' };
    }
    return { text: '', runs, usage, stoppedBy: 'steps' };
  } catch (e) {
    if (abort.signal.aborted) return { text: '', runs, usage, stoppedBy: 'time' };
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

function count(a: LoopArgs, u: { inputTokens: number; outputTokens: number }): void {
  if (!a.metrics) return;
  const labels = { provider: a.llm.provider, model: a.llm.model };
  a.metrics.tokens.inc({ ...labels, kind: 'input' }, u.inputTokens);
  a.metrics.tokens.inc({ ...labels, kind: 'output' }, u.outputTokens);
  a.metrics.costUsd.inc(labels, costUsd(a.llm.model, u.inputTokens, u.outputTokens));
}
