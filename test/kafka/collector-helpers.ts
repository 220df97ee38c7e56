/**
 * The real OpenTelemetry Collector as a test client: the binary scripts/build-otelcol.sh builds (otlp receiver;
 * kafka, otlphttp and debug exporters), started with a config file the test writes, and the OTel JS SDK sending
 * a known set of spans, metric points and logs into its OTLP/HTTP receiver. The suites skip, saying why, without
 * the binary (`.ci/run` builds it best effort).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';

import { freePort } from '../helpers/serve-process.js';

export const otelcolBin = process.env.OTELCOL_BIN ?? join(homedir(), '.cache/otlp-aiops/bin/otelcol-aiops');
export const otelcolSkipReason = existsSync(otelcolBin) ? '' : `no Collector binary at ${otelcolBin} (build it with scripts/build-otelcol.sh)`;

// The port finder the other suites use (scripts/start-postgres.mjs, through test/helpers/serve-process.ts).
export { freePort };

export interface RunningCollector {
  /** OTLP/HTTP receiver base URL (`http://127.0.0.1:PORT`). */
  otlpUrl: string;
  /** What the Collector logged so far (stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the Collector with `pipelines` (YAML for `exporters:` and `service.pipelines`, indented two spaces under
 * each) after an otlp receiver on a free loopback port and a batch processor; resolves once the receiver accepts
 * connections. Its own telemetry is off (no :8888 listener to collide on).
 */
export async function startCollector(exportersYaml: string, pipelinesYaml: string): Promise<RunningCollector> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'otelcol-'));
  const config = join(dir, 'config.yaml');
  writeFileSync(config, `receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${port}
processors:
  batch:
    timeout: 200ms
exporters:
${exportersYaml}
service:
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
  pipelines:
${pipelinesYaml}
`);
  const child: ChildProcess = spawn(otelcolBin, ['--config', `file:${config}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((c) => (exitCode = c));
  const stop = async () => {
    if (exitCode === undefined) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  while (!(await accepts(port))) {
    if (exitCode !== undefined) {
      await stop();
      throw new Error(`the Collector exited (${exitCode}) before it listened:\n${out}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the Collector did not listen on ${port} within 30 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { otlpUrl: `http://127.0.0.1:${port}`, output: () => out, stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** What sendTelemetry sent, counted by the test itself (the expected values). */
export interface Sent {
  services: string[];
  spans: number;
  /** Root SERVER spans per service: the pipeline's request count. */
  requestsPerService: number;
  points: number;
  logs: number;
  traceIds: string[];
}

/**
 * Per service: `traces` traces of a SERVER root and an INTERNAL child (one in five an error), a counter with two
 * attribute sets, a histogram and a gauge (4 points, cumulative: one export at shutdown), and `logs` log records;
 * all through the SDK's OTLP/protobuf exporters to `url`. Resolves once every provider has shut down (exported).
 */
export async function sendTelemetry(url: string, tag: string, opts: { traces?: number; logs?: number } = {}): Promise<Sent> {
  const traces = opts.traces ?? 5;
  const logsPer = opts.logs ?? 3;
  const services = ['frontend', 'cart', 'ledger'].map((s) => `${tag}-${s}`);
  const traceIds: string[] = [];
  await Promise.all(services.map(async (service) => {
    const resource = resourceFromAttributes({ 'service.name': service, 'service.version': '1.4.2', 'deployment.environment.name': 'test' });
    const tp = new BasicTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }), { maxQueueSize: traces * 2 + 16 })] });
    const tracer = tp.getTracer('collector-test');
    for (let i = 0; i < traces; i++) {
      const root = tracer.startSpan(`GET /${service}/${i % 2}`, { kind: SpanKind.SERVER, attributes: { 'http.response.status_code': i % 5 === 0 ? 500 : 200 } });
      traceIds.push(root.spanContext().traceId);
      const child = tracer.startSpan('render', { kind: SpanKind.INTERNAL }, trace.setSpan(context.active(), root));
      child.end();
      if (i % 5 === 0) root.setStatus({ code: SpanStatusCode.ERROR });
      root.end();
    }
    const reader = new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${url}/v1/metrics` }), exportIntervalMillis: 600_000 });
    const mp = new MeterProvider({ resource, readers: [reader] });
    const meter = mp.getMeter('collector-test');
    const requests = meter.createCounter('app.requests');
    requests.add(3, { route: '/a' });
    requests.add(2, { route: '/b' });
    meter.createHistogram('app.latency', { unit: 'ms' }).record(12.5, { route: '/a' });
    meter.createObservableGauge('app.queue.size').addCallback((o) => o.observe(4));
    const lp = new LoggerProvider({ resource, processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${url}/v1/logs` }) })] });
    const logger = lp.getLogger('collector-test');
    for (let i = 0; i < logsPer; i++) logger.emit({ severityNumber: i === 0 ? SeverityNumber.ERROR : SeverityNumber.INFO, body: `${service} line ${i}` });
    // Shutdown exports what each provider holds: the metric reader collects once here (cumulative, 4 points).
    await Promise.all([tp.shutdown(), mp.shutdown(), lp.shutdown()]);
  }));
  return { services, spans: services.length * traces * 2, requestsPerService: traces, points: services.length * 4, logs: services.length * logsPer, traceIds };
}

/** The value of one sample of the app's Prometheus text (0 when the series is absent). */
export function sample(text: string, name: string, labels: Record<string, string>): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const inner = line.slice(name.length + 1, line.indexOf('}'));
    const have = inner.split(',');
    if (want.every((w) => have.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

/** Every sample of a metric family (lines starting `name{` or `name `), for "nothing here" assertions. */
export function samples(text: string, name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `)).filter((l) => Number(l.slice(l.lastIndexOf(' ') + 1)) !== 0);
}
