/**
 * Changes seen in the telemetry itself: a service's resource reports a new `service.version` (or a new
 * `k8s.replicaset.name`, i.e. a rollout). Nothing else creates them: no evaluation or caller invents one.
 */

/** A deployment of a service, at the event time of its first span with the new revision. */
export interface ChangeEvent {
  service: string;
  /** The new version (`service.version`, with the ReplicaSet in parentheses when that changed too or alone). */
  version: string;
  previousVersion?: string;
  /** Event time, epoch ms. */
  at: number;
}

export interface ChangeQuery {
  /** Only these services; omitted: every service. */
  services?: readonly string[];
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  limit?: number;
}

export interface ChangeStore {
  /** Idempotent by (service, at, version): a replay adds nothing. */
  save(events: readonly ChangeEvent[]): Promise<void>;
  /** Oldest first. */
  list(q?: ChangeQuery): Promise<ChangeEvent[]>;
}
