/**
 * Opens the configured database (PostgreSQL/TimescaleDB when a URL is given, PGlite under the data
 * directory otherwise), applies migrations, creates the coming days' partitions and builds every store.
 */
import { join } from 'node:path';
import { AiopsError, type ActionStore, type FeatureStore, type ModelRegistryStore, GraphStore, IncidentStore, type RemediationRunStore, StateStore } from '../core/index.js';
import type { ChangeStore } from '../core/changes.js';
import type { Logger } from '../obs/logger.js';
import type { AiopsMetrics } from '../obs/metrics.js';
import { migrate } from './migrate.js';
import { DAY_MS, ensurePartitions } from './partitions.js';
import { createPgClient } from './pg-client.js';
import { createPgliteClient } from './pglite-client.js';
import type { RetentionPolicy } from './retention.js';
import type { SqlClient, SqlEngine } from './sql-client.js';
import { createSqlChangeStore } from './sql-change-store.js';
import { createSqlFeatureStore } from './sql-feature-store.js';
import { createSqlGraphStore } from './sql-graph-store.js';
import { createSqlIncidentStore } from './sql-incident-store.js';
import { createSqlStateStore } from './sql-state-store.js';
import { createSqlActionStore } from './sql-action-store.js';
import { createSqlRemediationRunStore } from './sql-remediation-run-store.js';
import { createSqlModelRegistry } from './sql-model-registry.js';

export interface OpenStoresOptions {
  databaseUrl?: string;
  /** PGlite keeps its files in `<dataDir>/pglite`; 'memory://' keeps nothing. */
  dataDir: string;
  metrics?: AiopsMetrics;
  logger?: Logger;
  /** Per-resolution retention override, ms. */
  retention?: Partial<RetentionPolicy>;
  /** 'off' forces the plain PostgreSQL layout even where TimescaleDB is offered. */
  timescale?: 'auto' | 'off';
  /** Daily partitions created ahead at open; default 7. */
  partitionDaysAhead?: number;
}

export interface Stores {
  client: SqlClient;
  engine: SqlEngine;
  features: FeatureStore;
  graph: GraphStore;
  incidents: IncidentStore;
  state: StateStore;
  actions: ActionStore;
  /** Deployments detected in the telemetry. */
  changes: ChangeStore;
  /** Durable runs of the embedded remediation driver. */
  remediationRuns: RemediationRunStore;
  /** Detector model versions (ONNX files beside the database) and their audit. */
  models: ModelRegistryStore;
  /** Migrations applied by this open (empty when the schema was current). */
  applied: string[];
  close(): Promise<void>;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
}

export async function openStores(opts: OpenStoresOptions): Promise<Stores> {
  const client = opts.databaseUrl
    ? createPgClient(opts.databaseUrl)
    : await createPgliteClient(opts.dataDir === 'memory://' ? 'memory://' : join(opts.dataDir, 'pglite'));
  try {
    await reachable(client);
    const { applied } = await migrate(client, { logger: opts.logger, timescale: opts.timescale });
    const now = Date.now();
    await ensurePartitions(client, now - DAY_MS, now + (opts.partitionDaysAhead ?? 7) * DAY_MS);
    const deps = { metrics: opts.metrics };
    return {
      client,
      engine: client.engine,
      features: createSqlFeatureStore(client, { ...deps, retention: opts.retention }),
      graph: createSqlGraphStore(client, deps),
      incidents: createSqlIncidentStore(client, deps),
      state: createSqlStateStore(client, deps),
      actions: createSqlActionStore(client, deps),
      changes: createSqlChangeStore(client, deps),
      remediationRuns: createSqlRemediationRunStore(client),
      models: createSqlModelRegistry(client),
      applied,
      close: () => client.close(),
      async ping() {
        try {
          await client.query('SELECT 1');
          return true;
        } catch {
          return false;
        }
      },
    };
  } catch (e) {
    await client.close().catch(() => undefined);
    throw e;
  }
}

/** The URL stays out of the message: it may carry a password. */
async function reachable(client: SqlClient): Promise<void> {
  try {
    await client.query('SELECT 1');
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new AiopsError('STORE.UNAVAILABLE', `cannot reach the ${client.engine} database: ${reason}`, { cause: e, meta: { engine: client.engine } });
  }
}
