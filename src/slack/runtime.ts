/** What every listener and the notifier share: the dependencies, where messages live, and small policies. */
import type { Clock, IncidentNotifier, StateStore } from '../core/index.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../obs/logger.js';
import type { AiopsMetrics } from '../obs/metrics.js';
import type { ChatDeps } from '../ops/chat-deps.js';
import type { SlackMetrics } from './slack-metrics.js';
import type { ThreadIndex } from './thread-index.js';

export type SlackConfig = Config['slack'];

/** Dependencies of the Slack app; capabilities other issues build (agent, queries, actions) are optional. */
export interface SlackDeps extends ChatDeps {
  logger: Logger;
  metrics: AiopsMetrics;
  clock: Clock;
  /** Keeps incident-thread and action-message locations across restarts; memory only when absent. */
  state?: StateStore;
}

export interface SlackRuntime {
  cfg: SlackConfig;
  deps: SlackDeps;
  threads: ThreadIndex;
  notifier: IncidentNotifier;
  metrics: SlackMetrics;
  /** Per action, the tail of the clicks being handled: clicks on one action run one after another. */
  deciding: Map<string, Promise<void>>;
  /** Minimum ms between in-place progress edits of a long answer. */
  progressIntervalMs: number;
}
