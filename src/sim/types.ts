import type { TelemetryBatch } from '../core/telemetry.js';

import type { FaultKind } from '../core/fault-kinds.js';

/** Every kind the simulator can inject: the one list lives in src/core/fault-kinds.ts. */
export { FAULT_KINDS, type FaultKind } from '../core/fault-kinds.js';

/**
 * A Pareto tail on top of the lognormal own work (the `diverse` profile, heavy-tails.ts): with probability `p` the
 * work is multiplied by Pareto(alpha) ≥ 1.
 */
export interface LatencyTail {
  p: number;
  alpha: number;
}

/** Own work follows a slow cycle: × (1 + amplitude · sin(2π·t/period + phase)), t in minutes. */
export interface SlowCycle {
  amplitude: number;
  periodMinutes: number;
  phase: number;
}

/** A fault to inject. Effects hold for minutes `atMinute … atMinute + durationMinutes - 1`. */
export interface FaultSpec {
  kind: FaultKind;
  /** Target: a service (or for 'db' a database node name); omitted → chosen by the seed (only 'traffic' may pick an entry service). */
  target?: string;
  atMinute: number;
  durationMinutes: number;
  /**
   * The fault ships with a release: its target reports the next `service.version` from `atMinute` on (a ROLLBACK
   * returns it to the version before). Only the telemetry tells the pipeline; 'db' and 'network' ignore it.
   */
  withDeployment?: boolean;
}

/** What an evaluator compares detection and RCA against. */
export interface GroundTruth {
  /** The root-cause node: a service, or the database name (`db.namespace`) for 'db'. */
  service: string;
  kind: FaultKind;
  /** ISO event time of fault start. */
  at: string;
  /** ISO event time at which the fault stops (exclusive). */
  endsAt: string;
}

export type Protocol = 'http' | 'grpc';

/** A call an operation makes; `probability` < 1 models cache hits, optional enrichments, feature flags. */
export interface SimCall {
  kind: 'service' | 'database' | 'external';
  /** Service name, database name or external peer.service name. */
  target: string;
  /** Callee operation name (service calls), statement name (databases) or request name (externals). */
  operation: string;
  probability: number;
  /** Calls flagged parallel start together after the sequential ones that precede them. */
  parallel: boolean;
  /** How many times the call repeats (N+1 query patterns on databases). */
  repeat: number;
}

export interface SimOperation {
  /** Span name: `GET /api/orders` or `payments.Charge/Create`. */
  name: string;
  protocol: Protocol;
  /** gRPC service (`payments.Charge`) for gRPC operations. */
  rpcService?: string;
  /** Median own work in ms (lognormal). */
  medianMs: number;
  sigma: number;
  baseErrorRate: number;
  calls: SimCall[];
  /** Relative share of entry traffic (entry services only). */
  weight: number;
  /** Heavy-tailed own work (diverse profile only). */
  tail?: LatencyTail;
}

export type Runtime = 'jvm' | 'nodejs' | 'go' | 'python';

export interface SimService {
  name: string;
  version: string;
  /** 0 for entrypoints, increasing with call depth. */
  layer: number;
  runtime: Runtime;
  operations: SimOperation[];
  /** Probability that a failing callee makes this service fail the request too. */
  propagation: number;
  /** Client timeout in ms for outgoing calls. */
  timeoutMs: number;
  /** CPU utilisation at the mean request rate, before faults. */
  cpuBase: number;
  memoryBaseBytes: number;
  /** Connection pool size per database this service uses. */
  poolMax: number;
  /** Services, databases and externals this service calls (the edges of the graph). */
  dependsOn: string[];
  databases: string[];
  externals: string[];
  /** Expected SERVER spans per entry request (used to pick fault targets that see traffic). */
  visitsPerRequest: number;
  /** Slow cycle of own work (diverse profile only). */
  cycle?: SlowCycle;
}

export interface SimDatabase {
  /** The node name the pipeline gives it (src/features/node-names.ts), so ground truth and actions use it too. */
  name: string;
  system: 'postgresql' | 'mysql' | 'redis' | 'mongodb';
  /** `db.namespace` of its client spans (the logical database). */
  namespace: string;
  /** `server.address` and `server.port` of its client spans, when set (the `diverse` profile). */
  address?: string;
  port?: number;
  medianMs: number;
  callers: string[];
  visitsPerRequest: number;
}

export interface SimExternal {
  /** `peer.service` value, e.g. `stripe-api`. */
  name: string;
  /** `server.address`, e.g. `api.stripe.com`. */
  address: string;
  medianMs: number;
  errorRate: number;
}

export interface Topology {
  /** Vocabulary the names were drawn from (e-commerce, fintech, …). */
  domain: string;
  /** `service.namespace` resource attribute. */
  namespace: string;
  services: SimService[];
  databases: SimDatabase[];
  externals: SimExternal[];
  entrypoints: string[];
  /** Whether client spans to services carry `peer.service` (some real deployments don't). */
  peerServiceOnClientSpans: boolean;
  /** Semantic-convention names per service on the wire (`diverse`); absent: the classic mix. */
  dialects?: Record<string, AttributeDialect>;
}

/** `stable`: db.system.name, db.namespace, server.address/port; `old`: db.system, db.name, net.peer.name/port, http.status_code. */
export type AttributeDialect = 'stable' | 'old';

/**
 * `classic` (default): the topology and telemetry every seed always had. `diverse`: several instances of one database
 * system told apart only by server.address, stable and old attribute names per service, deployments that are no
 * fault, and faults that sometimes ship with a release; also heavy-tailed services, low-traffic services, slow
 * own-work cycles and traffic-mix shifts across entry operations (heavy-tails.ts, traffic-mix.ts), and a stronger
 * daily cycle (diurnal amplitude 0.5 unless set).
 */
export type SimProfile = 'classic' | 'diverse';

export interface SimConfig {
  seed: number;
  /** Event time of minute 0, aligned to a minute. */
  startMs: number;
  /** See SimProfile; default 'classic'. */
  profile?: SimProfile;
  /** Number of services, default 12; clamped to 10..60. */
  services?: number;
  /** Entry requests per minute at the diurnal mean, default 120. */
  ratePerMinute?: number;
  fault?: FaultSpec;
  /** Relative amplitude of the 24 h sinusoid (peak 14:00 UTC), default 0.35. */
  diurnalAmplitude?: number;
  /** Per-minute multiplicative noise (log-space sigma) on the request rate, default 0.08. */
  rateNoise?: number;
  /** Chance that a harmless traffic burst (×1.4–2, 1–3 minutes) starts in a minute, default 0.02. */
  burstProbability?: number;
  /** Share of entry requests that write an INFO access log, default 0.05. */
  infoLogRate?: number;
}

/** A release: from `atMinute` on, `service` reports `version`. */
export interface SimDeployment {
  service: string;
  atMinute: number;
  version: string;
  previousVersion: string;
  /** Whether the release carries the injected fault (the ground truth; never shown to the pipeline). */
  faulty: boolean;
}

export type ActionType = 'RESTART' | 'AUTO_SCALE' | 'ROLLBACK' | 'RATE_LIMIT' | 'CIRCUIT_BREAK';

export interface SimAction {
  type: ActionType;
  service: string;
  atMinute: number;
  params?: Record<string, unknown>;
}

export interface Simulation {
  readonly topology: Topology;
  readonly groundTruth: GroundTruth | null;
  /** Releases the simulated system goes through (faulty or not), in minute order. */
  readonly deployments: readonly SimDeployment[];
  /**
   * Telemetry for simulated minute i (event time startMs + i·60 s … +60 s): spans, metrics (resource +
   * runtime), logs. Deterministic for (seed, i) and the actions applied so far.
   */
  minute(i: number): TelemetryBatch;
  /** Record an executed remediation so later minutes reflect it (see src/sim/README.md). */
  applyAction(action: SimAction): void;
}
