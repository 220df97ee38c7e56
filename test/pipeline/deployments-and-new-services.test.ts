/** Deployments seen in telemetry are stored and listed; a new service is known at its first span (issue 11, items 2 and 7). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { SpanKind, type SpanRecord } from '../../src/core/index.js';
import { silentLogger } from '../../src/obs/logger.js';
import { listServices } from '../../src/ops/services.js';
import { queryFeatures } from '../../src/ops/features.js';
import { incidentChanges } from '../../src/ops/incident-changes.js';

const T0 = Date.UTC(2026, 11, 5, 9, 0);
const MIN = 60_000;
let n = 0;
function server(service: string, version: string, startMs: number): SpanRecord {
  n++;
  return {
    traceId: n.toString(16).padStart(32, '0'), spanId: n.toString(16).padStart(16, '0'), parentSpanId: '', service, name: 'GET /',
    kind: SpanKind.SERVER, startMs, endMs: startMs + 12, statusCode: 0, serviceVersion: version,
  };
}

describe('pipeline: deployments and services from their first span', () => {
  let app: App;
  beforeAll(async () => {
    app = await createApp(loadConfig({ AIOPS_DATA_DIR: 'memory://', AIOPS_LOG_LEVEL: 'error' }), { logger: silentLogger, servers: false });
    await app.start();
  });
  afterAll(() => app?.stop());

  it('lists a service at its first accepted span and says that no window of it closed yet', async () => {
    await app.pipeline.consume({ spans: [server('fresh', '1.0.0', T0 + 5_000)], metrics: [], logs: [], source: 'test' });
    const services = await listServices(app.ops);
    expect(services).toContainEqual({ name: 'fresh', lastSeen: new Date(T0 + 5_000).toISOString() });
    const r = await queryFeatures(app.ops, { service: 'fresh' });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.points).toEqual([]);
      expect(r.value.note).toMatch(/^no closed window yet: fresh first sent telemetry at 2026-12-05T09:00:05.000Z/);
    }
  });

  it('stores a service.version change as a deployment at its event time, and only that', async () => {
    const spans = [server('cart', '1.0.0', T0), server('cart', '1.0.0', T0 + 2 * MIN), server('cart', '1.1.0', T0 + 3 * MIN + 250), server('web', '3.2.1', T0 + 3 * MIN)];
    for (const s of spans) await app.pipeline.consume({ spans: [s], metrics: [], logs: [], source: 'test' });
    expect(await app.stores.changes.list({})).toEqual([{ service: 'cart', version: '1.1.0', previousVersion: '1.0.0', at: T0 + 3 * MIN + 250 }]);
    // A replay of the same spans adds nothing.
    await app.stores.changes.save([{ service: 'cart', version: '1.1.0', previousVersion: '1.0.0', at: T0 + 3 * MIN + 250 }]);
    expect(await app.stores.changes.list({ services: ['cart'], from: T0, to: T0 + 4 * MIN })).toHaveLength(1);
    expect(await app.stores.changes.list({ services: ['web'] })).toEqual([]);
    const incident = { firstAnomalyAt: new Date(T0 + 10 * MIN).toISOString(), services: ['cart'], rootCauses: [] } as unknown as Parameters<typeof incidentChanges>[1];
    expect(await incidentChanges(app.stores.changes, incident, T0 + 12 * MIN)).toHaveLength(1);
    expect(await incidentChanges(app.stores.changes, incident, T0 + 12 * MIN, 5 * MIN)).toEqual([]);
  });
});
