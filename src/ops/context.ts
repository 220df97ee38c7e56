/** What the transport-neutral use cases need: ports only, so CLI, HTTP API, Slack and the agent share them. */
import type { Clock, FeatureStore, GraphStore, IncidentStore } from '../core/index.js';

export interface OpsContext {
  features: FeatureStore;
  graph: GraphStore;
  incidents: IncidentStore;
  clock: Clock;
  windowMs: number;
}

/** Expected failures of a use case: shown to people as they are, mapped to HTTP 400/404 by the API. */
export interface OpsError {
  code: 'UNKNOWN_SERVICE' | 'NOT_FOUND' | 'BAD_INPUT' | 'NO_DATA' | 'FORBIDDEN';
  message: string;
}

export type OpsResult<T> = { ok: true; value: T } | { ok: false; error: OpsError };
