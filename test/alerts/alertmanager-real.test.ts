/**
 * A real Prometheus (Debian `prometheus`) evaluates a rule on data this test serves from a tiny exporter, and a
 * real Alertmanager (Debian `prometheus-alertmanager`) posts to our webhook with a bearer token: the alert opens an
 * incident of kind `alert` on the labelled service, and when the data recovers the resolved notification closes it.
 * Skipped, with the reason in its title, where the binaries are missing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import type { Incident } from '../../src/core/index.js';
import { silentLogger } from '../../src/obs/logger.js';

const PROM = '/usr/bin/prometheus';
const AM = '/usr/bin/prometheus-alertmanager';
const missing = [PROM, AM].filter((b) => !existsSync(b));
const TOKEN = 'alertmanager-token-0123456789';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = netServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/** Waits for a condition that a server process will make true; bounded, fails with what it last saw. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.skipIf(missing.length > 0)(`real Prometheus + Alertmanager → webhook${missing.length ? ` (skipped: ${missing.join(', ')} not installed; apt-get install prometheus prometheus-alertmanager)` : ''}`, () => {
  let dir: string;
  let app: App;
  let exporter: Server;
  let latency = 2.5;
  const procs: ChildProcess[] = [];
  let logs = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aiops-am-'));
    writeFileSync(join(dir, 'tokens.json'), JSON.stringify([{ id: 'am', sha256: createHash('sha256').update(TOKEN).digest('hex'), identity: 'alertmanager', roles: ['read', 'propose'] }]));
    app = await createApp(loadConfig({ AIOPS_DATA_DIR: 'memory://', AIOPS_OTLP_PORT: '0', AIOPS_OTLP_GRPC_PORT: '0', AIOPS_HTTP_PORT: '0', AIOPS_API_TOKENS_FILE: join(dir, 'tokens.json'), AIOPS_LOG_LEVEL: 'error' }), { logger: silentLogger });
    await app.start();
    exporter = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(`# TYPE shop_p99_latency_seconds gauge\nshop_p99_latency_seconds{service="checkout",namespace="shop"} ${latency}\n`);
    });
    await new Promise<void>((r) => exporter.listen(0, '127.0.0.1', () => r()));
    const [promPort, amPort] = [await freePort(), await freePort()];
    writeFileSync(join(dir, 'rules.yml'), `groups:\n  - name: shop\n    interval: 1s\n    rules:\n      - alert: CheckoutSlow\n        expr: shop_p99_latency_seconds > 1\n        labels: { severity: critical }\n        annotations: { summary: "p99 above 1 s" }\n`);
    writeFileSync(join(dir, 'prometheus.yml'), `global: { scrape_interval: 1s, evaluation_interval: 1s }\nrule_files: [${join(dir, 'rules.yml')}]\nalerting:\n  alertmanagers: [{ static_configs: [{ targets: ['127.0.0.1:${amPort}'] }] }]\nscrape_configs:\n  - job_name: shop\n    static_configs: [{ targets: ['127.0.0.1:${(exporter.address() as { port: number }).port}'] }]\n`);
    writeFileSync(join(dir, 'alertmanager.yml'), `route:\n  receiver: aiops\n  group_by: [alertname, namespace]\n  group_wait: 1s\n  group_interval: 2s\n  repeat_interval: 1m\nreceivers:\n  - name: aiops\n    webhook_configs:\n      - url: http://127.0.0.1:${app.ports().http}/api/alerts/alertmanager\n        send_resolved: true\n        http_config: { authorization: { credentials: ${TOKEN} } }\n`);
    const start = (bin: string, args: string[]) => {
      const p = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      p.stderr!.on('data', (d: Buffer) => (logs = (logs + d.toString()).slice(-4000)));
      procs.push(p);
    };
    start(AM, [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'am')}`, `--web.listen-address=127.0.0.1:${amPort}`, '--cluster.listen-address=']);
    start(PROM, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${promPort}`]);
  }, 60_000);

  afterAll(async () => {
    for (const p of procs) {
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await exited;
    }
    await new Promise<void>((r) => exporter?.close(() => r()));
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const alertIncident = async (): Promise<Incident | undefined> => (await app.stores.incidents.list({ limit: 50 })).find((i) => i.alerts?.some((a) => a.alertname === 'CheckoutSlow'));

  it('opens an alert incident on the labelled service, then resolves it when the data recovers', async () => {
    const opened = await until('the firing notification', alertIncident, 90_000).catch((e: Error) => {
      throw new Error(`${e.message}; last server output: ${logs}`);
    });
    expect(opened).toMatchObject({ kind: 'alert', status: 'open', services: ['checkout'], severity: 'critical' });
    expect(opened.alerts![0]).toMatchObject({ alertname: 'CheckoutSlow', status: 'firing', service: 'checkout', mappedBy: 'service', summary: 'p99 above 1 s', labels: { namespace: 'shop', job: 'shop' } });
    latency = 0.2;
    const resolved = await until('the resolved notification', async () => {
      const i = await alertIncident();
      return i?.status === 'resolved' ? i : undefined;
    }, 90_000);
    expect(resolved.alerts![0]!.status).toBe('resolved');
    expect(resolved.alerts).toHaveLength(1);
    expect(resolved.alerts![0]!.notifications).toBeGreaterThanOrEqual(2);
    expect(await app.metrics.registry.metrics()).toMatch(/aiops_alert_incidents_total\{outcome="opened"\} 1/);
  }, 200_000);
});
