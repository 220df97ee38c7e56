/**
 * Composition root: Config → stores → pipeline → ingest queue → receivers → HTTP API, and in `serve` the closing
 * loop (remediation, agent, Slack; src/app-remediation.ts). Ordered start, reverse-ordered stop. Nothing imports
 * this file except src/main.ts, src/cli/ and tests.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from './config/config.js';
import { systemClock, type Clock } from './core/index.js';
import { createMetrics, type AiopsMetrics } from './obs/metrics.js';
import { createLogger, type Logger } from './obs/logger.js';
import { openStores, type Stores } from './stores/open-stores.js';
import { createMaintenanceJob } from './stores/maintenance-job.js';
import { createNeo4jGraphStore } from './stores/neo4j/neo4j-graph-store.js';
import { createPipeline, type Pipeline } from './pipeline/pipeline.js';
import { createSeasonalDetector } from './detectors/seasonal-baseline.js';
import { createDetectorRegistry } from './detectors/registry.js';
import { detectorForConfig } from './models/detector-stack.js';
import { modelsDirOf } from './models/drift-check.js';
import { createIngestQueue, type RunnableIngestQueue } from './ingest/ingest-queue.js';
import { createOtlpHttpReceiver, type OtlpHttpReceiver } from './ingest/otlp-http-receiver.js';
import { createIngestBudget } from './ingest/ingest-budget.js';
import { createKafkaIngest, type KafkaIngest } from './ingest/kafka/kafka-consumer.js';
import { observeCheckpoint } from './ingest/kafka/durable-checkpoint.js';
import { createScaleOut } from './scale/scale-out.js';
import { createOtlpGrpcReceiver } from './ingest/grpc/otlp-grpc-receiver.js';
import { createApiServer } from './api/api-server.js';
import type { OpsContext } from './ops/context.js';
import { withSeenServices } from './ops/live-services.js';
import type { ChatDeps } from './ops/chat-deps.js';
import type { AgentDeps } from './agent/index.js';
import { createLoop, type LoopParts } from './app-remediation.js';
import { createAlertsPart } from './app-alerts.js';
import { mountIntegrations } from './app-integrations.js';
import { createAlertAwareIncidents } from './alerts/alert-aware-incidents.js';
import type { AlertIntake } from './alerts/alert-intake.js';
import { packageRoot } from './package-root.js';

export type { Stores };

export interface App {
  config: Readonly<Config>;
  stores: Stores;
  pipeline: Pipeline;
  queue: RunnableIngestQueue;
  /** The OTLP receiver (absent when servers are off); `handle` serves in-process callers and benches. */
  otlp: OtlpHttpReceiver | undefined;
  /** The Kafka consumer when KAFKA_BROKERS is set and servers run (beside the OTLP receivers). */
  kafka: KafkaIngest | undefined;
  ops: OpsContext;
  metrics: AiopsMetrics;
  logger: Logger;
  /** The closing loop (actions, remediation, agent, Slack): present when servers run (`serve`, `demo`). */
  loop: LoopParts | undefined;
  /** The agent and chat capabilities the CLI's `ask`, `query` and `chat` use when present. */
  agent: AgentDeps | undefined;
  chat: Omit<ChatDeps, 'ops'> | undefined;
  /** Alertmanager intake (src/alerts); its webhook is POST /api/alerts/alertmanager. */
  alerts: AlertIntake;
  /** Bound ports after start (0 in config → ephemeral). */
  ports(): { otlp: number; http: number };
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  logger?: Logger;
  /** Start the network servers (OTLP receiver, HTTP API) and the closing loop; false for one-shot commands and evals. */
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
  const servers = opts.servers ?? true;
  // Store write latency is measured by the pipeline per operation (aiops_store_write_seconds), not per table here.
  const stores = await openStores({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  const maintenance = createMaintenanceJob({ client: stores.client, features: stores.features, clock, logger });
  // NEO4J_URI moves the service graph to Neo4j; features, incidents and state stay in Postgres/PGlite.
  const neo4j = config.neo4j ? createNeo4jGraphStore({ uri: config.neo4j.uri, user: config.neo4j.user, password: config.neo4j.password }) : undefined;
  if (neo4j) {
    await neo4j.ensureSchema();
    stores.graph = neo4j;
  }
  // Alerts absorbed by incidents survive the pipeline's whole-incident saves (src/alerts).
  const incidentStore = createAlertAwareIncidents(stores.incidents);
  stores.incidents = incidentStore;
  const detector =
    config.detector.mode === 'seasonal'
      ? createDetectorRegistry([createSeasonalDetector()])
      : await detectorForConfig(config.detector.mode, stores.models, modelsDirOf(config.dataDir), { executionProvider: config.detector.executionProvider, warn: (m) => logger.warn(m) });
  // With Kafka, offsets are committed when the pipeline's checkpoint says their windows are written.
  const durable: { consumer?: KafkaIngest } = {};
  const state = config.kafka && servers ? observeCheckpoint(stores.state, (c) => durable.consumer?.onDurable(c)) : stores.state;
  const listenerLimits = { maxConnections: config.ingestGuard.maxConnections, requestTimeoutMs: config.ingestGuard.requestTimeoutMs };
  const pipeline = createPipeline(
    {
      windowMs: config.windowMs, allowedLatenessMs: config.allowedLatenessMs, idleFlushMs: config.idleFlushMs,
      maxOperations: config.ingestGuard.maxOperations, maxEdges: config.ingestGuard.maxEdges,
    },
    { features: stores.features, graph: stores.graph, incidents: stores.incidents, state, changes: stores.changes, detector, metrics, logger, clock, newIncidentId },
  );
  const queue = createIngestQueue({ maxItems: config.queueItems, sink: pipeline, metrics, logger });
  // A service is known from its first accepted item, before its first window closes (issue 11, item 7).
  const ops: OpsContext = { features: withSeenServices(stores.features, pipeline.seen), graph: stores.graph, incidents: stores.incidents, clock, windowMs: config.windowMs, seen: pipeline.seen };
  const loop = servers ? await createLoop(config, { stores, ops, clock, logger, metrics, root: packageRoot(), servers }) : undefined;
  if (loop) pipeline.onIncident((change, graph) => loop.onIncident(change, graph));
  const alerts = createAlertsPart(config, { incidents: incidentStore, ops, pipeline, metrics, logger, clock, newIncidentId });
  const receiver = servers
    ? createOtlpHttpReceiver(
        {
          host: config.host, port: config.otlpPort, maxBodyBytes: config.maxBodyBytes, maxFutureSkewMs: config.maxFutureSkewMs,
          maxPastAgeMs: config.ingestGuard.maxPastAgeMs, bearerToken: config.ingestGuard.otlpToken, limits: listenerLimits,
        },
        { queue, metrics, logger, clock, budget: createIngestBudget({ maxServices: config.ingestGuard.maxServices }) },
      )
    : undefined;
  // OTLP/gRPC beside OTLP/HTTP: same handler, limits and token. A port already taken is logged, not fatal, so that
  // parallel test servers (and hosts running a Collector on 4317) still start.
  const grpc = servers
    ? createOtlpGrpcReceiver(
        { host: config.host, port: config.otlpGrpcPort, maxBodyBytes: config.maxBodyBytes, maxFutureSkewMs: config.maxFutureSkewMs, maxPastAgeMs: config.ingestGuard.maxPastAgeMs, bearerToken: config.ingestGuard.otlpToken },
        { queue, metrics, logger, clock, budget: createIngestBudget({ maxServices: config.ingestGuard.maxServices }) },
      )
    : undefined;
  const scaleOut = config.kafka?.scaleOut;
  const kafka = config.kafka && scaleOut && servers
    ? createScaleOut(
        { kafka: { ...config.kafka, scaleOut }, windowMs: config.windowMs, allowedLatenessMs: config.allowedLatenessMs, maxBodyBytes: config.maxBodyBytes, maxFutureSkewMs: config.maxFutureSkewMs, maxPastAgeMs: config.ingestGuard.maxPastAgeMs, idleMs: config.idleFlushMs },
        { pipeline, state: stores.state, metrics, logger, clock },
      )
    : config.kafka && servers
    ? createKafkaIngest(
        { kafka: config.kafka, windowMs: config.windowMs, maxBodyBytes: config.maxBodyBytes, maxFutureSkewMs: config.maxFutureSkewMs, queueItems: config.queueItems, allowedLatenessMs: config.allowedLatenessMs, maxPastAgeMs: config.ingestGuard.maxPastAgeMs },
        { queue, metrics, logger, clock, budget: createIngestBudget({ maxServices: config.ingestGuard.maxServices }) },
      )
    : undefined;
  durable.consumer = kafka;
  if (kafka) ops.kafka = () => kafka.status();
  const api = servers
    ? createApiServer(
        { host: config.host, port: config.httpPort, api: config.api, limits: listenerLimits },
        { ops, logger, registry: metrics.registry, metricsText: () => metrics.registry.metrics(), ready: () => stores.ping(), actions: loop?.actions, slack: loop?.slack?.handler },
      )
    : undefined;
  if (api) mountIntegrations(api, { alerts, agent: loop?.agent, metrics, logger, version: '0.1.0' });
  let timer: NodeJS.Timeout | undefined;

  return {
    config,
    stores,
    pipeline,
    queue,
    otlp: receiver,
    kafka,
    ops,
    metrics,
    logger,
    loop,
    agent: loop?.agent,
    chat: loop?.chat,
    alerts: alerts.intake,
    ports: () => ({ otlp: receiver?.port() ?? 0, http: api?.port() ?? 0 }),
    async start() {
      await pipeline.start();
      await queue.start();
      await loop?.remediation.worker?.start();
      await receiver?.start();
      await grpc?.start().catch((e: unknown) => logger.error('OTLP/gRPC receiver not started', { port: config.otlpGrpcPort, err: e }));
      await kafka?.start();
      await api?.start();
      await loop?.slack?.start();
      maintenance.start();
      timer = setInterval(() => void pipeline.tick().catch((e: unknown) => logger.error('idle flush failed', { error: e })), Math.min(10_000, config.idleFlushMs));
      timer.unref();
      logger.info('otlp-aiops started', { engine: stores.engine, otlpPort: receiver?.port(), httpPort: api?.port(), remediation: loop?.remediation.driver.kind, slack: Boolean(loop?.slack) });
    },
    async stop() {
      if (timer) clearInterval(timer);
      await maintenance.stop();
      await kafka?.pause();
      await receiver?.stop();
      await grpc?.stop();
      await queue.stop();
      await pipeline.stop();
      await kafka?.stop();
      await loop?.slack?.stop();
      await api?.stop();
      await loop?.remediation.worker?.stop();
      await loop?.remediation.close();
      await neo4j?.close();
      await stores.close();
      logger.info('otlp-aiops stopped');
    },
  };
}
