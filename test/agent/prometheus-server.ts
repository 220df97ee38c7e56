/**
 * Starts the Debian `prometheus` binary on a loopback port with a temp TSDB, backfilled with an hour of
 * OpenMetrics samples through `promtool tsdb create-blocks-from openmetrics`, and scraping itself (so the
 * metadata API has entries). Returns null when the binaries are absent, so suites can skip with a reason.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const PROMTOOL_BIN = '/usr/bin/promtool';
export const havePrometheus = existsSync(PROMETHEUS_BIN) && existsSync(PROMTOOL_BIN);

export interface PrometheusServer {
  url: string;
  /** Epoch ms of the last backfilled sample. */
  lastSampleMs: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** One hour of 15 s samples: a counter per service and code, a latency histogram, a gauge. */
export function openMetricsHour(endSec: number): string {
  const lines = ['# HELP shop_requests_total Requests handled by a shop service.', '# TYPE shop_requests_total counter'];
  const start = endSec - 3600;
  const services: [string, number][] = [['payments', 5], ['cart', 12]];
  for (const [svc, rps] of services) for (const code of ['200', '500']) {
    let v = 0;
    for (let t = start; t <= endSec; t += 15) {
      v += rps * 15 * (code === '500' ? (svc === 'payments' && t > endSec - 900 ? 0.2 : 0.01) : 1);
      lines.push(`shop_requests_total{service="${svc}",code="${code}"} ${v.toFixed(1)} ${t}`);
    }
  }
  lines.push('# HELP shop_request_duration_seconds Request latency.', '# TYPE shop_request_duration_seconds histogram');
  const les = ['0.05', '0.1', '0.5', '1', '+Inf'];
  const counts = [0, 0, 0, 0, 0];
  let sum = 0;
  const series: string[][] = les.map(() => []);
  const sums: string[] = [];
  const totals: string[] = [];
  for (let t = start; t <= endSec; t += 15) {
    const slow = t > endSec - 900;
    const add = slow ? [10, 20, 40, 70, 75] : [60, 70, 74, 75, 75];
    add.forEach((a, i) => (counts[i]! += a));
    sum += slow ? 30 : 4;
    les.forEach((le, i) => series[i]!.push(`shop_request_duration_seconds_bucket{service="payments",le="${le}"} ${counts[i]} ${t}`));
    sums.push(`shop_request_duration_seconds_sum{service="payments"} ${sum.toFixed(1)} ${t}`);
    totals.push(`shop_request_duration_seconds_count{service="payments"} ${counts[4]} ${t}`);
  }
  lines.push(...series.flat(), ...sums, ...totals);
  lines.push('# HELP shop_cpu_ratio CPU utilization.', '# TYPE shop_cpu_ratio gauge');
  for (let t = start; t <= endSec; t += 15) lines.push(`shop_cpu_ratio{service="payments"} ${(0.3 + (t > endSec - 900 ? 0.5 : 0) + 0.05 * Math.sin(t / 300)).toFixed(3)} ${t}`);
  lines.push('# EOF');
  return lines.join('\n') + '\n';
}

export async function startPrometheus(): Promise<PrometheusServer | null> {
  if (!havePrometheus) return null;
  const dir = mkdtempSync(join(tmpdir(), 'aiops-prom-'));
  const endSec = Math.floor(Date.now() / 1000) - 30;
  writeFileSync(join(dir, 'data.om'), openMetricsHour(endSec));
  const backfill = spawnSync(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'data.om'), join(dir, 'tsdb')], { encoding: 'utf8' });
  if (backfill.status !== 0) throw new Error(`promtool backfill failed: ${backfill.stderr}`);
  const port = await freePort();
  writeFileSync(join(dir, 'prometheus.yml'), `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: self\n    static_configs:\n      - targets: ['127.0.0.1:${port}']\n`);
  const proc: ChildProcess = spawn(PROMETHEUS_BIN, [
    `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=2d', '--log.level=warn',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`prometheus exited with ${proc.exitCode}: ${stderr}`);
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    // Metadata appears after the first self-scrape.
    if (ready) {
      const meta = (await (await fetch(`${url}/api/v1/metadata?limit=1`)).json()) as { data: Record<string, unknown> };
      if (Object.keys(meta.data).length > 0) break;
    }
    if (Date.now() > deadline) throw new Error(`prometheus did not become ready: ${stderr}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    lastSampleMs: endSec * 1000,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
