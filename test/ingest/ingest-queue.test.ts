import { describe, expect, it } from 'vitest';
import { createIngestQueue } from '../../src/ingest/ingest-queue.js';
import { emptyBatch, type LogRecord, type TelemetryBatch } from '../../src/core/telemetry.js';
import { createMetrics } from '../../src/obs/metrics.js';
import { silentLogger } from '../../src/obs/logger.js';
import { createSinkStage } from '../helpers/sink-stage.js';

function logs(n: number, tag: string, source = 'otlp-http'): TelemetryBatch {
  const b = emptyBatch(source);
  for (let i = 0; i < n; i++) b.logs.push({ service: 's', timeMs: i, severityNumber: 9, severityText: '', body: `${tag}${i}`, traceId: '' } satisfies LogRecord);
  return b;
}

async function gauge(metrics: ReturnType<typeof createMetrics>, name: string): Promise<string> {
  const text = await metrics.registry.metrics();
  return text.split('\n').filter((l) => l.startsWith(name)).join('\n');
}

describe('ingest queue', () => {
  it('delivers in order, merges small batches of one source up to maxBatchItems, and tracks depth', async () => {
    const sink = createSinkStage();
    const metrics = createMetrics();
    const q = createIngestQueue({ maxItems: 100, sink, metrics, logger: silentLogger, maxBatchItems: 5 });
    sink.hold();
    await q.start();
    expect(q.offer(logs(2, 'a'))).toBe('ok');
    await new Promise((r) => setTimeout(r, 5)); // first batch is now in flight, held by the sink
    for (const [n, tag, src] of [[2, 'b'], [2, 'c'], [2, 'd'], [1, 'e', 'kafka']] as const) expect(q.offer(logs(n, tag, src))).toBe('ok');
    expect(q.depth()).toBe(9);
    expect(await gauge(metrics, 'aiops_ingest_queue_depth')).toContain('aiops_ingest_queue_depth 9');
    sink.release();
    await q.stop();
    expect(sink.batches.map((b) => b.logs.map((l) => l.body).join(','))).toEqual(['a0,a1', 'b0,b1,c0,c1', 'd0,d1', 'e0']);
    expect(sink.batches.map((b) => b.source)).toEqual(['otlp-http', 'otlp-http', 'otlp-http', 'kafka']);
    expect(q.depth()).toBe(0);
    expect(await gauge(metrics, 'aiops_ingest_queue_depth')).toContain('aiops_ingest_queue_depth 0');
  });

  it("answers 'full' past maxItems (but takes one oversized batch into an empty queue) and 'closed' after stop", async () => {
    const sink = createSinkStage();
    const q = createIngestQueue({ maxItems: 10, sink, metrics: createMetrics(), logger: silentLogger });
    sink.hold();
    await q.start();
    expect(q.offer(logs(25, 'big'))).toBe('ok');
    expect(q.offer(logs(1, 'x'))).toBe('full');
    sink.release();
    await sink.waitFor((s) => s.logs().length === 25);
    await new Promise((r) => setTimeout(r, 0));
    expect(q.offer(logs(6, 'y'))).toBe('ok');
    expect(q.offer(logs(4, 'z'))).toBe('ok');
    expect(q.offer(logs(1, 'w'))).toBe('full');
    await q.stop();
    expect(sink.logs()).toHaveLength(35);
    expect(q.offer(logs(1, 'late'))).toBe('closed');
  });

  it('survives a failing sink: logs, counts sink_error and keeps draining', async () => {
    const sink = createSinkStage();
    const metrics = createMetrics();
    const lines: string[] = [];
    const logger = (await import('../../src/obs/logger.js')).createLogger({ write: (l) => lines.push(l) });
    const q = createIngestQueue({ maxItems: 100, sink, metrics, logger, maxBatchItems: 1 });
    sink.failNext(new Error('disk on fire'));
    q.offer(logs(1, 'lost'));
    q.offer(logs(1, 'kept'));
    await q.start();
    await q.stop();
    expect(sink.logs().map((l) => l.body)).toEqual(['kept0']);
    expect(await metrics.registry.metrics()).toContain('aiops_rejected_total{signal="logs",reason="sink_error"} 1');
    expect(lines.some((l) => l.includes('disk on fire'))).toBe(true);
  });
});
