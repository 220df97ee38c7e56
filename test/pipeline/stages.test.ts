// createPipeline's stages (issue 16): consume never waits for root-cause analysis; incident state is saved before
// its analysis and covered by the checkpoint; an incident that changes while its analysis waits is analysed once
// with its latest state; a full stage holds consume (backpressure). In-memory ports, scripted detector, manual clock.
import { describe, expect, it } from 'vitest';
import { ALL_OPERATIONS, type Anomaly, type FeatureWindow, type RootCause, type TelemetryBatch } from '../../src/core/index.js';
import type { Detector } from '../../src/core/detector.js';
import { createMetrics } from '../../src/obs/metrics.js';
import { silentLogger } from '../../src/obs/logger.js';
import { createPipeline, type IncidentAnalysis, type StageLimits } from '../../src/pipeline/pipeline.js';
import { memoryPorts } from './memory-ports.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 10, 10, 0);
const CAUSE: RootCause = { service: 'pay', indicator: 'latency', score: 0.8, evidence: ['scripted'] };

/** One server span of `service` in minute `m`: the span of minute m + 1 closes minute m (no allowed lateness). */
function minute(service: string, m: number): TelemetryBatch {
  const span = { traceId: 'a'.repeat(32), spanId: (m + 1).toString(16).padStart(16, '0'), parentSpanId: '', service, name: 'GET /', kind: 2 as const, startMs: T0 + m * MIN + 1_000, endMs: T0 + m * MIN + 1_020, statusCode: 0 as const };
  return { spans: [span], metrics: [], logs: [], source: 'test' };
}

/** Every service-level window of `pay` is a strong p99 anomaly. `prepare` can be held. */
function scriptedDetector(): Detector & { hold(): void; release(): void } {
  let gate: Promise<void> | undefined;
  let open = () => undefined as void;
  return {
    name: 'scripted',
    warm: () => undefined,
    prepare: () => gate ?? Promise.resolve(),
    observe: (rows: readonly FeatureWindow[]): Anomaly[] =>
      rows
        .filter((w) => w.service === 'pay' && w.operation === ALL_OPERATIONS)
        .map((w) => ({ service: 'pay', operation: ALL_OPERATIONS, feature: 'p99Ms', windowStart: new Date(w.windowStart).toISOString(), value: 500, baseline: 50, score: 20, direction: 'up' })),
    hold() {
      gate = new Promise<void>((r) => (open = r));
    },
    release() {
      open();
      gate = undefined;
    },
  };
}

/** An analysis port that records each call (incident id and anomalies seen) and answers when released. */
function heldAnalysis() {
  const calls: string[] = [];
  let open!: () => void;
  let gate = new Promise<void>((r) => (open = r));
  const analyse: IncidentAnalysis = async (incident) => {
    calls.push(`${incident.id} anomalies=${incident.anomalies.length}`);
    await gate;
    return [CAUSE];
  };
  return { analyse, calls, release: () => open(), hold: () => void (gate = new Promise<void>((r) => (open = r))) };
}

function setup(stages?: StageLimits) {
  const ports = memoryPorts();
  const detector = scriptedDetector();
  const analysis = heldAnalysis();
  const metrics = createMetrics();
  let n = 0;
  const clock = { t: 0, now: () => clock.t };
  const p = createPipeline(
    { windowMs: MIN, allowedLatenessMs: 0, idleFlushMs: 600_000, stages },
    { ...ports, detector, metrics, logger: silentLogger, clock, newIncidentId: () => `inc-${n++}`, analyse: analysis.analyse },
  );
  const notices: string[] = [];
  p.onIncident((change) => void notices.push(`${change.kind} ${change.incident.id} causes=${change.incident.rootCauses.length} anomalies=${change.incident.anomalies.length}`));
  return { ports, detector, analysis, metrics, p, notices, clock };
}

/** True when `promise` settles within two turns of the event loop (stages start their work on the next turn). */
async function settles(promise: Promise<unknown>, turns = 20): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < turns && !done; i++) await new Promise((r) => setImmediate(r));
  return done;
}
const sample = async (m: ReturnType<typeof createMetrics>, name: string, labels: string) =>
  (await m.registry.getSingleMetricAsString(name)).split('\n').find((l) => l.startsWith(`${name}{${labels}}`));

describe('pipeline stages', () => {
  it('consume returns while the incident is still in analysis; the incident is saved first, its root causes and the listeners follow', async () => {
    const { ports, analysis, p, notices, metrics } = setup();
    await p.start();
    await p.consume(minute('pay', 0));
    expect(await settles(p.consume(minute('pay', 1)))).toBe(true); // closes pay's minute 0: an incident opens
    await expect.poll(() => analysis.calls).toEqual(['inc-0 anomalies=1']);
    expect(ports.saved.get('inc-0')).toMatchObject({ status: 'open', rootCauses: [] });
    expect(notices).toEqual([]);
    expect(await settles(p.consume(minute('pay', 2)))).toBe(true); // still not waiting for the held analysis
    expect(await settles(p.consume(minute('pay', 3)))).toBe(true);
    // Minutes 1 and 2 joined the incident (saved at once) while its first analysis was held: they wait as one.
    await expect.poll(() => ports.saved.get('inc-0')?.anomalies.length).toBe(3);

    analysis.release();
    await p.flush(); // closes minute 3 as well
    expect(ports.saved.get('inc-0')?.rootCauses).toEqual([CAUSE]);
    expect(analysis.calls).toEqual(['inc-0 anomalies=1', 'inc-0 anomalies=3', 'inc-0 anomalies=4']);
    expect(notices).toEqual(['opened inc-0 causes=1 anomalies=1', 'updated inc-0 causes=1 anomalies=3', 'updated inc-0 causes=1 anomalies=4']);
    expect(await sample(metrics, 'aiops_stage_processed_total', 'stage="analysis"')).toBe('aiops_stage_processed_total{stage="analysis"} 3');
    expect(await sample(metrics, 'aiops_stage_dropped_total', 'stage="analysis",reason="coalesced"')).toBe('aiops_stage_dropped_total{stage="analysis",reason="coalesced"} 1');
  });

  it('at a flush point consume waits for the incident state the checkpoint covers, never for analysis', async () => {
    const { ports, p, analysis, clock } = setup();
    await p.start();
    ports.hold('incidents.save');
    await p.consume(minute('pay', 0));
    // Not a flush point (no time has passed, few rows): consume does not wait for the held save.
    expect(await settles(p.consume(minute('pay', 1)))).toBe(true);
    clock.t = 1_000; // the flush interval: the next consume writes windows and the checkpoint
    const third = p.consume(minute('pay', 2));
    expect(await settles(third)).toBe(false);
    expect(ports.kv.has('pipeline.checkpoint.v1')).toBe(false);
    ports.release('incidents.save');
    await third; // while the analysis is still held
    expect(analysis.calls).toEqual(['inc-0 anomalies=1']);
    expect(ports.kv.get('pipeline.checkpoint.v1')).toEqual({ pay: T0 + 2 * MIN });
    // Opened (minute 0) and updated (minute 1) are saved before the checkpoint that covers both windows.
    expect(ports.log.filter((l) => /incidents.save|pipeline.checkpoint/.test(l))).toEqual([
      'incidents.save inc-0 open causes=0',
      'incidents.save inc-0 open causes=0',
      'state.put pipeline.checkpoint.v1',
    ]);
    analysis.release();
    await p.stop();
  });

  it('holds consume when the detection stage is full (backpressure to the ingest queue)', async () => {
    const { p, detector, metrics, analysis } = setup({ batchQueue: 1 });
    analysis.release();
    await p.start();
    detector.hold();
    await p.consume(minute('pay', 0));
    await p.consume(minute('pay', 1)); // minute 0 closes: detection takes it and waits in prepare
    await p.consume(minute('pay', 2)); // minute 1 waits in the detection queue
    expect(await sample(metrics, 'aiops_stage_queue_depth', 'stage="detection"')).toBe('aiops_stage_queue_depth{stage="detection"} 1');
    const third = p.consume(minute('pay', 3)); // minute 2 finds the queue full
    expect(await settles(third)).toBe(false);
    detector.release();
    expect(await settles(third, 200)).toBe(true);
    await p.stop();
  });
});
