/** Everything `ask` and `runQuery` need, built once by `createAgent` (src/agent/index.ts). */
import type { AnyTool, ToolContext } from '../core/index.js';
import type { Logger } from '../obs/logger.js';
import type { AgentMetrics } from './agent-metrics.js';
import type { Llm } from '../core/llm.js';
import type { LoopLimits } from './loop.js';
import type { PromClient } from '../core/index.js';
import type { PromptSet } from './prompts.js';
import type { RateLimiter } from './rate-limiter.js';

export interface ViewDoc {
  name: string;
  comment: string;
  columns: { name: string; type: string; comment: string }[];
}

export interface AgentDeps {
  tools: readonly AnyTool[];
  /** Built per question by `withThread` so `summarize_thread` sees the asking thread. */
  ctx: ToolContext;
  /** Absent: the deterministic router answers. */
  llm?: Llm;
  limits: LoopLimits;
  metrics: AgentMetrics;
  logger: Logger;
  rateLimiter: RateLimiter;
  prompts: PromptSet;
  /** The documented views with their column comments, for text-to-SQL prompts. */
  views(): Promise<ViewDoc[]>;
  prom: PromClient;
  /** Throttle for `onProgress` (Slack edits ~1/s). */
  progressEveryMs: number;
}
