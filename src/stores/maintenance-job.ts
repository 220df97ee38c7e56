/**
 * Periodic storage maintenance: creates the coming days' partitions and applies retention. Run by the
 * composition root next to the pipeline; one failed run is logged and the next one tries again.
 */
import type { Clock, FeatureStore } from '../core/index.js';
import type { Logger } from '../obs/logger.js';
import { DAY_MS, ensurePartitions } from './partitions.js';
import type { SqlClient } from './sql-client.js';

export interface MaintenanceJobOptions {
  /** Default 1 hour. */
  intervalMs?: number;
  /** Partitions kept ready ahead of now; default 7 days. */
  daysAhead?: number;
}

export interface MaintenanceJob {
  /** One pass now; resolves with what it did. */
  runOnce(): Promise<{ created: string[]; deleted: number }>;
  start(): void;
  /** Stops the timer and waits for a pass in progress. Idempotent. */
  stop(): Promise<void>;
}

export function createMaintenanceJob(
  deps: { client: SqlClient; features: FeatureStore; clock: Clock; logger?: Logger },
  opts: MaintenanceJobOptions = {},
): MaintenanceJob {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  async function runOnce() {
    const now = deps.clock.now();
    const created = await ensurePartitions(deps.client, now, now + (opts.daysAhead ?? 7) * DAY_MS);
    const { deleted } = await deps.features.applyRetention(now);
    if (created.length > 0 || deleted > 0) deps.logger?.info('storage maintenance', { created, deleted });
    return { created, deleted };
  }

  const tick = () => {
    running = runOnce().catch((e: unknown) => deps.logger?.warn('storage maintenance failed', { error: e }));
  };

  return {
    runOnce,
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, opts.intervalMs ?? 3_600_000);
      // Maintenance alone must not keep the process alive.
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
