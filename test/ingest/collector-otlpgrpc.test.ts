/**
 * The real OpenTelemetry Collector's otlp (gRPC) exporter (v0.165; scripts/build-otelcol.sh) → the app's OTLP/gRPC
 * receiver: the Collector's most used exporter. One exporter per `compression:` it offers: gzip (default), none,
 * snappy (the framing format) and zstd: grpc-js alone answered those two UNIMPLEMENTED and the exporter dropped the
 * data (src/ingest/grpc/grpc-codecs.ts).
 * The OTel JS SDK sends a known set of spans, metric points and logs into the Collector; the app must count exactly
 * those once per exporter, list exactly those services, and reject nothing but the duplicate copies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/obs/logger.js';
import { freePort, otelcolSkipReason, sample, samples, sendTelemetry, startCollector, type RunningCollector, type Sent } from '../kafka/collector-helpers.js';

const title = (t: string) => (otelcolSkipReason ? `${t} — skipped: ${otelcolSkipReason}` : t);
const exporters = ['gzip', 'none', 'snappy', 'zstd'];

let app: App | undefined;
let collector: RunningCollector | undefined;
let sent: Sent;

beforeAll(async () => {
  if (otelcolSkipReason) return;
  const grpcPort = await freePort();
  app = await createApp(loadConfig({ AIOPS_DATA_DIR: 'memory://', AIOPS_OTLP_PORT: '0', AIOPS_OTLP_GRPC_PORT: String(grpcPort), AIOPS_HTTP_PORT: '0', AIOPS_LOG_LEVEL: 'error', AIOPS_IDLE_FLUSH: '3s' }), { logger: silentLogger });
  await app.start();
  const yaml = exporters.map((c) => `  otlp/${c}:\n    endpoint: 127.0.0.1:${grpcPort}\n    tls:\n      insecure: true\n    compression: ${c}\n`).join('');
  const pipelines = ['traces', 'metrics', 'logs']
    .map((p) => `    ${p}:\n      receivers: [otlp]\n      processors: [batch]\n      exporters: [${exporters.map((c) => `otlp/${c}`).join(', ')}]`)
    .join('\n');
  collector = await startCollector(yaml, pipelines);
  sent = await sendTelemetry(collector.otlpUrl, `gc${Date.now().toString(36)}`);
}, 240_000); // apps, the Collector and the SDK: createApp alone blocks 3-5 s per app

afterAll(async () => {
  await collector?.stop();
  await app?.stop().catch(() => undefined);
});

async function api(path: string): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${app!.ports().http}${path}`);
  expect(r.status, `${path}: ${r.status}`).toBe(200);
  return r.text();
}

describe.skipIf(otelcolSkipReason !== '')(title('the real Collector otlp (gRPC) exporter → the app OTLP/gRPC receiver'), () => {
  it(`compression ${exporters.join(', ')}: every span, metric point and log arrives once per exporter, of the services sent`, { timeout: 90_000 }, async () => {
    const n = exporters.length;
    const received = async () => {
      const text = await api('/metrics');
      return { spans: sample(text, 'aiops_received_total', { signal: 'spans', source: 'otlp-grpc' }), points: sample(text, 'aiops_received_total', { signal: 'metrics', source: 'otlp-grpc' }), logs: sample(text, 'aiops_received_total', { signal: 'logs', source: 'otlp-grpc' }) };
    };
    await expect.poll(received, { timeout: 60_000, interval: 100 }).toEqual({ spans: n * sent.spans, points: n * sent.points, logs: n * sent.logs });
    const services = async () => (JSON.parse(await api('/api/services')) as { services: { name: string }[] }).services.map((s) => s.name).sort();
    await expect.poll(services, { timeout: 30_000, interval: 200 }).toEqual([...sent.services].sort());
    // Each copy after the first is a duplicate (same trace and span id): every copy decoded to the same spans.
    const duplicates = n > 1 ? [`aiops_rejected_total{signal="spans",reason="duplicate"} ${(n - 1) * sent.spans}`] : [];
    expect(samples(await api('/metrics'), 'aiops_rejected_total')).toEqual(duplicates);
    expect(collector!.output()).not.toMatch(/Exporting failed|dropping data/i);
  });
});
