/**
 * The real OpenTelemetry Collector's otlphttp exporter (v0.165; scripts/build-otelcol.sh) → the app's OTLP/HTTP
 * receiver. The exporter's defaults are what most deployments run: protobuf bodies, gzip compression, its own
 * sending queue and retries. A second exporter sends JSON (`encoding: json`), uncompressed, to a second app; a
 * third app gets the same data once per other `compression:` the exporter offers (zlib, deflate, snappy,
 * x-snappy-framed, lz4, zstd), which it once answered 415 (the exporter dropped the data).
 * The OTel JS SDK sends a known set of spans, metric points and logs into the Collector; each app must count
 * exactly those, list exactly those services, and reject nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/obs/logger.js';
import { otelcolSkipReason, sample, samples, sendTelemetry, startCollector, type RunningCollector, type Sent } from '../kafka/collector-helpers.js';

const title = (t: string) => (otelcolSkipReason ? `${t} — skipped: ${otelcolSkipReason}` : t);
const BASE_ENV = { AIOPS_DATA_DIR: 'memory://', AIOPS_OTLP_PORT: '0', AIOPS_OTLP_GRPC_PORT: '0', AIOPS_HTTP_PORT: '0', AIOPS_LOG_LEVEL: 'error', AIOPS_IDLE_FLUSH: '3s' };

/** One app per case; `exporters` send to it (so it receives the SDK's telemetry once per exporter). */
interface Case { name: string; exporters: { id: string; settings: string }[]; app?: App }
const compressions = ['zlib', 'deflate', 'snappy', 'x-snappy-framed', 'lz4', 'zstd'];
const cases: Case[] = [
  // Nothing but the endpoint: protobuf + gzip, as the exporter defaults.
  { name: 'default', exporters: [{ id: 'otlphttp/default', settings: '' }] },
  { name: 'json', exporters: [{ id: 'otlphttp/json', settings: '    encoding: json\n    compression: none\n' }] },
  { name: `compressed (${compressions.join(', ')})`, exporters: compressions.map((c) => ({ id: `otlphttp/${c}`, settings: `    compression: ${c}\n` })) },
];

let collector: RunningCollector | undefined;
let sent: Sent;

beforeAll(async () => {
  if (otelcolSkipReason) return;
  // Every app is made before any starts: createApp blocks the event loop for seconds (it loads its models), and a
  // started app in the same process would see that as load and shed the Collector's first requests (503).
  for (const c of cases) c.app = await createApp(loadConfig(BASE_ENV), { logger: silentLogger });
  for (const c of cases) await c.app!.start();
  const exporters = cases.flatMap((c) => c.exporters.map((e) => `  ${e.id}:\n    endpoint: http://127.0.0.1:${c.app!.ports().otlp}\n${e.settings}`)).join('');
  const ids = cases.flatMap((c) => c.exporters.map((e) => e.id));
  const pipelines = ['traces', 'metrics', 'logs']
    .map((p) => `    ${p}:\n      receivers: [otlp]\n      processors: [batch]\n      exporters: [${ids.join(', ')}]`)
    .join('\n');
  collector = await startCollector(exporters, pipelines);
  sent = await sendTelemetry(collector.otlpUrl, `hc${Date.now().toString(36)}`);
}, 240_000); // apps, the Collector and the SDK: createApp alone blocks 3-5 s per app

afterAll(async () => {
  await collector?.stop();
  for (const c of cases) await c.app?.stop().catch(() => undefined);
});

async function api(app: App, path: string): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${app.ports().http}${path}`);
  expect(r.status, `${path}: ${r.status}`).toBe(200);
  return r.text();
}

describe.skipIf(otelcolSkipReason !== '')(title('the real Collector otlphttp exporter → the app OTLP/HTTP receiver'), () => {
  it.each(cases)('otlphttp $name: every span, metric point and log arrives, of the services sent, none rejected', { timeout: 90_000 }, async (c) => {
    const app = c.app!;
    const received = async () => {
      const text = await api(app, '/metrics');
      return { spans: sample(text, 'aiops_received_total', { signal: 'spans', source: 'otlp-http' }), points: sample(text, 'aiops_received_total', { signal: 'metrics', source: 'otlp-http' }), logs: sample(text, 'aiops_received_total', { signal: 'logs', source: 'otlp-http' }) };
    };
    const n = c.exporters.length;
    await expect.poll(received, { timeout: 60_000, interval: 100 }).toEqual({ spans: n * sent.spans, points: n * sent.points, logs: n * sent.logs });
    const services = async () => (JSON.parse(await api(app, '/api/services')) as { services: { name: string }[] }).services.map((s) => s.name).sort();
    await expect.poll(services, { timeout: 30_000, interval: 200 }).toEqual([...sent.services].sort());
    const text = await api(app, '/metrics');
    // The compressed case receives every span n times: each copy after the first is a duplicate (same trace and
    // span id), which shows every copy decoded to the same span; nothing else may be rejected.
    const duplicates = n > 1 ? [`aiops_rejected_total{signal="spans",reason="duplicate"} ${(n - 1) * sent.spans}`] : [];
    expect(samples(text, 'aiops_rejected_total')).toEqual(duplicates);
    expect(collector!.output()).not.toMatch(/Exporting failed|dropping data/i);
  });
});
