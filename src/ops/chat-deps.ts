/**
 * Optional capabilities a conversational front end (Slack, `aiops chat`) may be given. Each is built
 * elsewhere (agent, guarded queries, remediation actions) and arrives as a dependency, never as an import,
 * so a front end still answers the deterministic subcommands when one is absent.
 */
import type { Action, ActionStatus } from '../core/index.js';
import type { OpsContext, OpsResult } from './context.js';

export interface ThreadMessage {
  user: string;
  text: string;
  /** Slack message ts or ISO time, when known; used to order and date the summary timeline. */
  ts?: string;
}

/** The agent (issue 6). `onProgress` receives the partial answer so far, for in-place message updates. */
export type AskFn = (q: { question: string; user: string; thread: { user: string; text: string }[]; onProgress?: (partial: string) => void }) => Promise<{ text: string; citations?: string[] }>;

/** Guarded natural-language, SQL or PromQL query (issue 6): `query` is what was actually run; `chart` for range results. */
export type QueryFn = (q: { kind: 'nl' | 'sql' | 'promql'; text: string; user: string }) => Promise<{ ok: boolean; query: string; text: string; chart?: { svg: string } }>;

export interface DecideRequest {
  actionId: string;
  decision: 'approve' | 'reject';
  user: string;
  reason?: string;
  via: 'slack';
}

/** Remediation actions (src/ops/actions.ts, issue 7): the same decision path as `aiops approve` and the API. */
export interface ChatActions {
  /** Idempotent: a repeated decision returns the action unchanged (or an error), never a second decision. */
  decide(req: DecideRequest): Promise<OpsResult<Action>>;
  list(q: { status?: ActionStatus }): Promise<Action[]>;
  get(id: string): Promise<OpsResult<Action>>;
}

/** Plain completion used only to polish a deterministic thread summary; failures fall back to the draft. */
export interface SummaryLlm {
  complete(prompt: string): Promise<string>;
}

export interface ChatDeps {
  ops: OpsContext;
  ask?: AskFn;
  query?: QueryFn;
  actions?: ChatActions;
  llm?: SummaryLlm;
}
