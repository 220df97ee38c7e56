// A pipeline abandoned without stop (the in-process picture of kill -9) loses no open window: its records were
// saved with the checkpoint and come back at start. Resent data is neither double counted nor called late.
import { describe, expect, it } from 'vitest';
import { SpanKind, systemClock, type TelemetryBatch } from '../../src/core/index.js';
import { createDetectorRegistry } from '../../src/detectors/registry.js';
import { createSeasonalDetector } from '../../src/detectors/seasonal-baseline.js';
import { createMetrics } from '../../src/obs/metrics.js';
import { silentLogger } from '../../src/obs/logger.js';
import { createPipeline } from '../../src/pipeline/pipeline.js';
import { createSimulation } from '../../src/sim/simulation.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';

const MIN = 60_000;
const startMs = Math.floor(Date.now() / MIN) * MIN - 40 * MIN;
const sim = createSimulation({ seed: 7, startMs, services: 6 });
const batches = Array.from({ length: 20 }, (_, i) => sim.minute(i));

function pipelineOn(stores: Stores) {
  const metrics = createMetrics();
  let n = 0;
  const p = createPipeline(
    { windowMs: MIN, allowedLatenessMs: 30_000, idleFlushMs: 600_000 },
    { features: stores.features, graph: stores.graph, incidents: stores.incidents, state: stores.state, detector: createDetectorRegistry([createSeasonalDetector()]), metrics, logger: silentLogger, clock: systemClock, newIncidentId: () => `inc-${n++}` },
  );
  return { p, metrics };
}

/** Ground truth: requests per (service, window) = server/consumer spans and roots, as the features define them. */
function expected(all: TelemetryBatch[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const b of all)
    for (const s of b.spans) {
      if (s.kind !== SpanKind.SERVER && s.kind !== SpanKind.CONSUMER && s.parentSpanId !== '') continue;
      const key = `${s.service}@${Math.floor(s.startMs / MIN) * MIN}`;
      m.set(key, (m.get(key) ?? 0) + 1);
    }
  return m;
}

async function stored(stores: Stores): Promise<Map<string, number>> {
  // Up to minute 21: a span of the last batch may start in the next minute (it belongs to that window).
  const rows = await stores.features.queryRange(startMs, startMs + 21 * MIN, '1m', { serviceLevelOnly: true });
  return new Map(rows.map((r) => [`${r.service}@${r.windowStart}`, r.requests]));
}

const copy = (b: TelemetryBatch): TelemetryBatch => ({ ...b, spans: b.spans.map((s) => ({ ...s })), metrics: [...b.metrics], logs: [...b.logs] });

describe('open windows across a crash', () => {
  it('records acked before the crash are not lost, without a resend', async () => {
    const stores = await openStores({ dataDir: 'memory://' });
    const first = pipelineOn(stores);
    await first.p.start();
    for (let i = 0; i < 10; i++) await first.p.consume(copy(batches[i]));
    await first.p.sync(); // what the periodic flush does within a second
    // Crash: no stop, no flush of the open windows. A second pipeline on the same store takes over.
    const second = pipelineOn(stores);
    await second.p.start();
    for (let i = 10; i < 20; i++) await second.p.consume(copy(batches[i]));
    await second.p.flush();
    const want = expected(batches);
    const got = await stored(stores);
    for (const [key, n] of want) expect(got.get(key), key).toBe(n);
    await stores.close();
  }, 120_000);

  it('a client that resends everything after the crash is counted once, and closed windows are not called late', async () => {
    const stores = await openStores({ dataDir: 'memory://' });
    const first = pipelineOn(stores);
    await first.p.start();
    for (let i = 0; i < 10; i++) await first.p.consume(copy(batches[i]));
    await first.p.sync();
    const second = pipelineOn(stores);
    await second.p.start();
    for (let i = 0; i < 20; i++) await second.p.consume(copy(batches[i]));
    await second.p.flush();
    const want = expected(batches);
    const got = await stored(stores);
    for (const [key, n] of want) expect(got.get(key), key).toBe(n);
    expect(await second.metrics.registry.getSingleMetricAsString('aiops_late_total')).not.toMatch(/signal="spans"\} [1-9]/);
    expect(await second.metrics.registry.getSingleMetricAsString('aiops_rejected_total')).toMatch(/reason="already_stored"\} [1-9]/);
    await stores.close();
  }, 120_000);
});
