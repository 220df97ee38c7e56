/** What the transport-neutral use cases need: ports only, so CLI, HTTP API, Slack and the agent share them. */
import type { Action, Clock, FeatureStore, GraphStore, IncidentStore } from '../core/index.js';

export interface OpsContext {
  features: FeatureStore;
  graph: GraphStore;
  incidents: IncidentStore;
  clock: Clock;
  windowMs: number;
  /** Services seen by the pipeline (first accepted item, whether a window of theirs closed yet); absent offline. */
  seen?: { get(name: string): { firstSeen: number; windowClosed: boolean } | undefined };
}

/** Expected failures of a use case: shown to people as they are, mapped to HTTP 400/403/404/409 by the API. */
export interface OpsError {
  code: 'UNKNOWN_SERVICE' | 'NOT_FOUND' | 'BAD_INPUT' | 'NO_DATA' | 'FORBIDDEN' | 'CONFLICT';
  message: string;
  /** CONFLICT on an action: the action as it is now (a decision came after another one). */
  current?: Action;
}

export type OpsResult<T> = { ok: true; value: T } | { ok: false; error: OpsError };
