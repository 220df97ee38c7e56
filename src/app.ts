/**
 * Composition root: Config → stores → pipeline → ingest queue → receivers → HTTP API. Ordered start and
 * reverse-ordered stop. Nothing imports this file except src/main.ts and src/cli/.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from './config/config.js';
import { systemClock, type Clock } from './core/index.js';
import { createMetrics, type AiopsMetrics } from './obs/metrics.js';
import { createLogger, type Logger } from './obs/logger.js';
import { openStores } from './stores/open-stores.js';
import { createMaintenanceJob } from './stores/maintenance-job.js';
import { createNeo4jGraphStore } from './stores/neo4j/neo4j-graph-store.js';
import { createPipeline, type Pipeline } from './pipeline/pipeline.js';
import { createSeasonalDetector } from './detectors/seasonal-baseline.js';
import { createDetectorRegistry } from './detectors/registry.js';
import { createIngestQueue, type RunnableIngestQueue } from './ingest/ingest-queue.js';
import { createOtlpHttpReceiver, type OtlpHttpReceiver } from './ingest/otlp-http-receiver.js';
import { createApiServer } from './api/api-server.js';
import type { OpsContext } from './ops/context.js';

export type Stores = Awaited<ReturnType<typeof openStores>>;

export interface App {
  config: Readonly<Config>;
  stores: Stores;
  pipeline: Pipeline;
  queue: RunnableIngestQueue;
  /** The OTLP receiver (absent when servers are off); `handle` serves in-process callers and benches. */
  otlp: OtlpHttpReceiver | undefined;
  ops: OpsContext;
  metrics: AiopsMetrics;
  logger: Logger;
  /** Bound ports after start (0 in config → ephemeral). */
  ports(): { otlp: number; http: number };
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  logger?: Logger;
  /** Start the network servers (OTLP receiver, HTTP API); false for in-process runs such as evals. */
  servers?: boolean;
}

export function newIncidentId(openedAtMs: number): string {
  const t = new Date(openedAtMs).toISOString().replace(/[-:]/g, '').slice(0, 13);
  return `inc-${t}-${randomBytes(3).toString('hex')}`;
}

/** Opens the stores (running migrations) and wires every component; nothing listens until start(). */
export async function createApp(config: Readonly<Config>, opts: AppOptions = {}): Promise<App> {
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? createLogger({ level: config.logLevel });
  const metrics = createMetrics();
  // Store write latency is measured by the pipeline per operation (aiops_store_write_seconds), not per table here.
  const stores = await openStores({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  const maintenance = createMaintenanceJob({ client: stores.client, features: stores.features, clock, logger });
  // NEO4J_URI moves the service graph to Neo4j; features, incidents and state stay in Postgres/PGlite.
  const neo4j = config.neo4j ? createNeo4jGraphStore({ uri: config.neo4j.uri, user: config.neo4j.user, password: config.neo4j.password }) : undefined;
  if (neo4j) {
    await neo4j.ensureSchema();
    stores.graph = neo4j;
  }
  const detector = createDetectorRegistry([createSeasonalDetector()]);
  const pipeline = createPipeline(
    { windowMs: config.windowMs, allowedLatenessMs: config.allowedLatenessMs, idleFlushMs: config.idleFlushMs },
    { features: stores.features, graph: stores.graph, incidents: stores.incidents, state: stores.state, detector, metrics, logger, clock, newIncidentId },
  );
  const queue = createIngestQueue({ maxItems: config.queueItems, sink: pipeline, metrics, logger });
  const ops: OpsContext = { features: stores.features, graph: stores.graph, incidents: stores.incidents, clock, windowMs: config.windowMs };
  const servers = opts.servers ?? true;
  const receiver = servers
    ? createOtlpHttpReceiver({ host: config.host, port: config.otlpPort, maxBodyBytes: config.maxBodyBytes, maxFutureSkewMs: config.maxFutureSkewMs }, { queue, metrics, logger, clock })
    : undefined;
  const api = servers
    ? createApiServer({ host: config.host, port: config.httpPort }, { ops, logger, metricsText: () => metrics.registry.metrics(), ready: () => stores.ping() })
    : undefined;
  let timer: NodeJS.Timeout | undefined;

  return {
    config,
    stores,
    pipeline,
    queue,
    otlp: receiver,
    ops,
    metrics,
    logger,
    ports: () => ({ otlp: receiver?.port() ?? 0, http: api?.port() ?? 0 }),
    async start() {
      await pipeline.start();
      await queue.start();
      await receiver?.start();
      await api?.start();
      maintenance.start();
      timer = setInterval(() => void pipeline.tick().catch((e: unknown) => logger.error('idle flush failed', { error: e })), Math.min(10_000, config.idleFlushMs));
      timer.unref();
      logger.info('otlp-aiops started', { engine: stores.engine, otlpPort: receiver?.port(), httpPort: api?.port() });
    },
    async stop() {
      if (timer) clearInterval(timer);
      await maintenance.stop();
      await receiver?.stop();
      await queue.stop();
      await pipeline.stop();
      await api?.stop();
      await neo4j?.close();
      await stores.close();
      logger.info('otlp-aiops stopped');
    },
  };
}
