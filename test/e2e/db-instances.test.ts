/**
 * Issue 11, done-when: two databases of the same system with different addresses are two nodes, and a fault in one
 * names that one. The simulator's diverse profile (stable and old attribute names per service, on the wire) goes
 * through OTLP protobuf, the ingest decoder, the pipeline and root-cause analysis.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import type { TelemetryBatch } from '../../src/core/index.js';
import { decodeLogs } from '../../src/ingest/otlp/decode-logs.js';
import { decodeMetrics } from '../../src/ingest/otlp/decode-metrics.js';
import { decodeTraces } from '../../src/ingest/otlp/decode-traces.js';
import { silentLogger } from '../../src/obs/logger.js';
import { encodeLogs, encodeMetrics, encodeTraces, resourceInfoOf } from '../../src/sim/otlp-encode.js';
import { createSimulation } from '../../src/sim/simulation.js';
import type { Simulation } from '../../src/sim/types.js';

const MIN = 60_000;
// Yesterday 08:00 UTC, as eval runs use: inside the stores' partitions, same time of day on every run.
const START = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000 + 8 * 3_600_000;
// Seed 2's diverse topology splits one MySQL database into two instances: same db.namespace, two hosts.
const PRIMARY = 'mysql://audit-log-db/audit-log';
const SECOND = 'mysql://audit-log-db-2/audit-log';

/** One simulated minute as the receiver would see it: OTLP protobuf in each service's attribute dialect, decoded. */
function overTheWire(sim: Simulation, i: number): TelemetryBatch {
  const b = sim.minute(i);
  const info = { ...resourceInfoOf(b.spans, sim.topology.namespace), dialects: sim.topology.dialects };
  const opts = { nowMs: START + (i + 1) * MIN, maxFutureSkewMs: 5 * MIN, maxPastAgeMs: 3 * 86_400_000 };
  return {
    spans: decodeTraces(encodeTraces(b.spans, 'protobuf', info), 'protobuf', opts).spans,
    metrics: decodeMetrics(encodeMetrics(b.metrics, 'protobuf', info), 'protobuf', opts).metrics,
    logs: decodeLogs(encodeLogs(b.logs, 'protobuf', info), 'protobuf', opts).logs,
    source: 'test',
  };
}

describe('database instances end to end (diverse simulator, OTLP, pipeline, RCA)', () => {
  it('keeps two MySQL instances apart and blames the faulty one', async () => {
    const sim = createSimulation({ seed: 2, startMs: START, profile: 'diverse', fault: { kind: 'db', target: PRIMARY, atMinute: 60, durationMinutes: 12 } });
    expect(sim.topology.databases.map((d) => d.name)).toEqual(expect.arrayContaining([PRIMARY, SECOND]));
    expect(new Set(Object.values(sim.topology.dialects ?? {}))).toEqual(new Set(['stable', 'old']));
    expect(sim.groundTruth?.service).toBe(PRIMARY);
    const app = await createApp(loadConfig({ AIOPS_DATA_DIR: 'memory://', AIOPS_LOG_LEVEL: 'error' }), { logger: silentLogger, servers: false });
    await app.start();
    try {
      for (let i = 0; i < 76; i++) await app.pipeline.consume(overTheWire(sim, i));
      await app.pipeline.flush();
      const graph = await app.stores.graph.getGraph({ from: START, to: START + 80 * MIN });
      const dbNodes = graph.nodes.filter((n) => n.kind === 'database').map((n) => n.name);
      expect(dbNodes).toEqual(expect.arrayContaining([PRIMARY, SECOND]));
      expect(dbNodes.filter((n) => n.startsWith('mysql'))).toHaveLength(2);
      const incidents = await app.stores.incidents.list({});
      const hit = incidents.find((inc) => Date.parse(inc.firstAnomalyAt) >= START + 58 * MIN && inc.rootCauses.length > 0);
      expect(hit?.rootCauses[0]?.service).toBe(PRIMARY);
      expect(hit?.rootCauses.map((c) => c.service)).not.toContain('mysql');
    } finally {
      await app.stop();
    }
  }, 240_000);
});
