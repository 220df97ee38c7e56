/**
 * Runs one simulated scenario through a fresh embedded app: history, injected fault, recovery. Shared by
 * `aiops demo` (over real OTLP/HTTP), `aiops eval detect` (in-process, many seeds) and the RCAEval export.
 */
import { createApp, type App } from '../app.js';
import { loadConfig } from '../config/config.js';
import type { Action, Clock, Incident } from '../core/index.js';
import { silentLogger } from '../obs/logger.js';
import { createSimulation } from '../sim/simulation.js';
import { sendBatch } from '../sim/otlp-sender.js';
import type { FaultKind, GroundTruth, Simulation } from '../sim/types.js';

export interface ScenarioOptions {
  seed: number;
  fault?: FaultKind;
  services?: number;
  /** Minutes of clean history before the fault (detector warm-up). */
  warmupMinutes?: number;
  faultMinutes?: number;
  /** Minutes after the fault ends (resolution). */
  recoveryMinutes?: number;
  ratePerMinute?: number;
  /** Simulator profile (src/sim/types.ts SimConfig.profile); classic by default. */
  profile?: 'classic' | 'diverse';
  /**
   * Event time of minute 0. When set, the app runs on a pinned clock that follows the simulated time (the end of
   * the minute being delivered), so the result depends on nothing but the options. Default: yesterday 08:00 UTC
   * on the system clock (the demo: its telemetry must look recent to a real backend).
   */
  startMs?: number;
  /** 'http': encode OTLP protobuf and POST it to the app's own receiver; 'direct': hand batches to the pipeline. */
  transport: 'http' | 'direct';
  dataDir?: string;
  onProgress?: (minute: number, total: number, sim: Simulation) => void;
  /** Runs after the last minute is flushed to the stores and before the app stops (its stores are closed then). */
  beforeStop?: (app: App, sim: Simulation) => Promise<void>;
}

export interface ScenarioResult {
  sim: Simulation;
  groundTruth: GroundTruth | null;
  incidents: Incident[];
  /** Remediations the decision engine proposed (servers on: the closing loop runs). */
  actions: Action[];
  startMs: number;
  minutes: number;
  spans: number;
}

export async function runScenario(opts: ScenarioOptions): Promise<ScenarioResult> {
  const warmup = opts.warmupMinutes ?? 60;
  const faultMinutes = opts.faultMinutes ?? 15;
  const minutes = warmup + (opts.fault ? faultMinutes : 0) + (opts.recoveryMinutes ?? 12);
  // Yesterday at 08:00 UTC: in the past (the receiver refuses future telemetry) and at the same time of day on
  // every run, so the diurnal phase, and with it every result, is reproducible for a seed.
  const startMs = opts.startMs ?? Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000 + 8 * 3_600_000;
  let simulatedNow = startMs;
  const clock: Clock | undefined = opts.startMs === undefined ? undefined : { now: () => simulatedNow };
  const sim = createSimulation({
    profile: opts.profile,
    seed: opts.seed,
    startMs,
    services: opts.services,
    ratePerMinute: opts.ratePerMinute,
    fault: opts.fault ? { kind: opts.fault, atMinute: warmup, durationMinutes: faultMinutes } : undefined,
  });
  const config = loadConfig({ AIOPS_DATA_DIR: opts.dataDir ?? 'memory://', AIOPS_OTLP_PORT: '0', AIOPS_HTTP_PORT: '0', AIOPS_LOG_LEVEL: 'error' });
  const app = await createApp(config, { logger: silentLogger, servers: opts.transport === 'http', clock });
  await app.start();
  let spans = 0;
  try {
    for (let i = 0; i < minutes; i++) {
      simulatedNow = startMs + (i + 1) * 60_000;
      const batch = sim.minute(i);
      spans += batch.spans.length;
      await deliver(app, batch, opts.transport, sim.topology.namespace);
      opts.onProgress?.(i + 1, minutes, sim);
    }
    await app.queue.stop();
    await app.pipeline.flush();
    const incidents = await app.stores.incidents.list({ limit: 1000 });
    const full = (await Promise.all(incidents.map(async (i) => (await app.stores.incidents.get(i.id)) ?? i))).filter((i) => !i.mergedInto);
    const actions = await app.stores.actions.list({ limit: 1000 });
    await opts.beforeStop?.(app, sim);
    return { sim, groundTruth: sim.groundTruth, incidents: full.sort((a, b) => a.openedAt.localeCompare(b.openedAt)), actions, startMs, minutes, spans };
  } finally {
    await app.stop();
  }
}

async function deliver(app: App, batch: ReturnType<Simulation['minute']>, transport: 'http' | 'direct', namespace: string): Promise<void> {
  if (transport === 'direct') {
    await app.pipeline.consume(batch);
    return;
  }
  const r = await sendBatch(`http://127.0.0.1:${app.ports().otlp}`, batch, { format: 'protobuf', maxRetries: 20, namespace });
  if (r.status >= 300) throw new Error(`the receiver answered ${r.status} to simulated telemetry`);
}
