/**
 * The agent's public surface: `AgentDeps` (built by `createAgent` in src/ops/create-agent.ts), `withThread`, and
 * the proposal port helpers. Nothing in src/agent imports src/ops: ops depends on the agent, never back.
 */
import type { ThreadMessage } from '../core/index.js';
import type { AgentDeps } from './deps.js';

/** The same deps with the asking thread visible to `summarize_thread`. */
export function withThread(d: AgentDeps, thread: ThreadMessage[]): AgentDeps {
  return thread.length ? { ...d, ctx: { ...d.ctx, slackThread: async () => thread } } : d;
}

export type { AgentDeps } from './deps.js';
export { actionsPortFrom, createMemoryActions } from './actions-adapters.js';
