import { describe, expect, it } from 'vitest';
import { SpanKind, type Incident, type SpanRecord } from '../../src/core/index.js';
import { silentLogger } from '../../src/obs/logger.js';
import { createDeploymentWatch } from '../../src/pipeline/deployment-watch.js';

const T0 = Date.UTC(2026, 11, 5, 10, 0);
const MIN = 60_000;
const span = (service: string, serviceVersion: string, startMs: number) =>
  ({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), parentSpanId: '', service, name: 'GET /', kind: SpanKind.SERVER, startMs, endMs: startMs + 3, statusCode: 0, serviceVersion }) as SpanRecord;

describe('deployment watch', () => {
  it('writes the deployments of an incident\'s services into its timeline once, in time order after the opening', async () => {
    const saved: unknown[] = [];
    const watch = createDeploymentWatch({ logger: silentLogger, changes: { save: async (e) => void saved.push(...e), list: async () => [] } });
    await watch.observe([span('cart', '1.0.0', T0), span('web', '2.0.0', T0)]);
    await watch.observe([span('cart', '1.1.0', T0 + 5 * MIN), span('web', '2.1.0', T0 + 6 * MIN), span('cart', '1.2.0', T0 + 90 * MIN)]);
    expect(saved).toHaveLength(3);
    const incident = {
      id: 'inc-1', services: ['cart'], firstAnomalyAt: new Date(T0 + 20 * MIN).toISOString(),
      timeline: [{ at: new Date(T0 + 22 * MIN).toISOString(), kind: 'opened', text: 'opened by cart p99' }],
    } as unknown as Incident;
    watch.annotate(incident, 30 * MIN);
    watch.annotate(incident, 30 * MIN);
    expect(incident.timeline).toEqual([
      { at: '2026-12-05T10:22:00.000Z', kind: 'opened', text: 'opened by cart p99' },
      { at: '2026-12-05T10:05:00.000Z', kind: 'deployment', text: 'deployment of cart: 1.0.0 → 1.1.0' },
      { at: '2026-12-05T11:30:00.000Z', kind: 'deployment', text: 'deployment of cart: 1.1.0 → 1.2.0' },
    ]);
  });
});
