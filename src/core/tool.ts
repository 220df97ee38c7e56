/**
 * The agent's tool contract, owned by no framework (AI SDK `tool.ts`: inputSchema, execute, needsApproval).
 * A tool is a typed function over the capabilities in `ToolContext`; `src/agent/` adapts it to a provider's
 * function-calling format. Tools live one per file in `tools/` and import only `src/core` and `zod`.
 */
import type { z } from 'zod';
import type { Action, ActionType } from './actions.js';
import type { Anomaly, RootCause } from './incidents.js';
import type { Clock, FeatureStore, GraphStore, IncidentStore } from './ports.js';

/**
 * What a tool answers, written for a model to correct itself (HolmesGPT `StructuredToolResult`):
 * `error` names the exact query, window and upstream message; `no_data` says what was searched.
 */
export interface ToolResult<T = unknown> {
  status: 'ok' | 'no_data' | 'error' | 'approval_required';
  data?: T;
  error?: string;
  /** The SQL/PromQL/search text actually run, shown beside the answer. */
  query?: string;
}

/** Outcome of a guarded SQL run (mirrors `ReadonlyOutcome` of src/stores/sql-readonly without importing it). */
export type SqlToolOutcome =
  | { ok: true; columns: string[]; rows: Record<string, unknown>[]; truncated: boolean; sql: string }
  | { ok: false; code: string; message: string; sql: string };

export interface PromSeries {
  labels: Record<string, string>;
  /** [epoch seconds, value] pairs; one pair for an instant vector. */
  values: [number, number][];
}

export interface PromRange {
  /** Epoch ms. */
  from: number;
  to: number;
  stepMs: number;
}

export type PromOutcome =
  | { ok: true; expr: string; resultType: string; series: PromSeries[]; range?: PromRange }
  | { ok: false; expr: string; message: string; position?: number };

export type RcaOutcome =
  | { ok: true; rootCauses: RootCause[]; scope: { service: string; from: string; to: string; services: number; anomalies: number } }
  | { ok: false; message: string };

export type DetectOutcome =
  | { ok: true; anomalies: Anomaly[]; scope: { from: string; to: string; services: number } }
  | { ok: false; message: string };

export interface KnowledgeHit {
  id: string;
  title: string;
  path: string;
  score: number;
  excerpt: string;
}

export interface ActionProposal {
  incidentId: string;
  type: ActionType;
  target: { service: string; namespace?: string };
  params: Record<string, unknown>;
  reason: string;
  /** The person on whose behalf the agent proposes; never the approver. */
  requestedBy: string;
}

/**
 * Remediation as the agent sees it: it may create a proposal (which waits for a human) and read its status.
 * There is deliberately no `approve` here, so no prompt can make the agent approve its own proposal.
 */
export interface ActionsPort {
  propose(p: ActionProposal): Promise<{ ok: true; action: Action } | { ok: false; message: string }>;
  status(id: string): Promise<Action | null>;
}

export interface ThreadMessage {
  user: string;
  text: string;
}

/**
 * Capabilities a tool may use, wired by the composition root (Temporal `createActivities(deps)`).
 * Function ports keep tools free of SQL clients, HTTP and detectors.
 */
export interface ToolContext {
  features: FeatureStore;
  graph: GraphStore;
  incidents: IncidentStore;
  clock: Clock;
  /** Feature window length, ms. */
  windowMs: number;
  rca(service: string, at?: number, windowMs?: number): Promise<RcaOutcome>;
  detect(service: string | undefined, windowMs?: number): Promise<DetectOutcome>;
  sql(text: string): Promise<SqlToolOutcome>;
  /** Undefined range: instant query. Unconfigured Prometheus answers `{ ok: false }` naming PROMETHEUS_URL. */
  promql(expr: string, range?: PromRange): Promise<PromOutcome>;
  knowledge: { search(q: string, limit?: number): Promise<KnowledgeHit[]> };
  actions: ActionsPort;
  /** The Slack thread the question came from, when there is one. */
  slackThread?: () => Promise<ThreadMessage[]>;
}

/** A tool definition. `summarize(input)` is the one line shown while it runs ("Checking p99 of checkout …"). */
export interface ToolDef<I extends z.ZodObject = z.ZodObject, O = unknown> {
  name: string;
  /** For the model; includes the toolset guidance (when to use it, what it cannot do). */
  description: string;
  input: I;
  output?: z.ZodType<O>;
  /** True for tools that change something: the runner refuses them unless a person asked for remediation. */
  needsApproval: boolean;
  summarize(input: z.output<I>): string;
  run(ctx: ToolContext, input: z.output<I>): Promise<ToolResult<O>>;
}

/** Identity helper for inference. */
export function defineTool<I extends z.ZodObject, O = unknown>(def: ToolDef<I, O>): ToolDef<I, O> {
  return def;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = ToolDef<any, any>;
