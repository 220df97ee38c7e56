/** PromQL range answers carry a chart: through runQuery and `aiops query --promql … --chart FILE`, on real Prometheus. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPromClient } from '../../src/stores/prometheus/prom-http.js';
import { runCli } from '../../src/cli/index.js';
import { runQuery } from '../../src/ops/query.js';
import { openAgentFixture, type AgentFixture } from '../agent/agent-fixture.js';
import { havePrometheus, PROMETHEUS_BIN, startPrometheus, type PrometheusServer } from '../agent/prometheus-server.js';
import { pngSize } from './png.js';

const suite = havePrometheus ? describe : describe.skip;
suite(`query charts (${havePrometheus ? PROMETHEUS_BIN : `skipped: ${PROMETHEUS_BIN} not installed`})`, () => {
  let prom: PrometheusServer;
  let f: AgentFixture;
  let dir: string;
  beforeAll(async () => {
    [prom, f, dir] = [(await startPrometheus())!, await openAgentFixture(), await mkdtemp(join(tmpdir(), 'aiops-chart-'))];
  }, 60_000);
  afterAll(async () => {
    await prom?.stop();
    await f?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('adds an SVG chart of the range result, one line per series, beside the unchanged text', async () => {
    const d = f.agent({ prom: createPromClient(prom.url) });
    const r = await runQuery({ ...d, ctx: { ...d.ctx, clock: { now: () => prom.lastSampleMs } } }, { kind: 'promql', text: 'shop_cpu_ratio', user: 'c1' });
    expect(r.ok).toBe(true);
    expect(r.text).toMatch(/[▁▂▃▄▅▆▇█]+/);
    const svg = r.chart!.svg;
    expect(svg).toContain('>shop_cpu_ratio<');
    const lines = [...svg.matchAll(/<path d="M[^"]*L[^"]*" fill="none" stroke="#/g)];
    const seriesCount = new Set(((r.rows ?? []) as { service: string }[]).map((row) => row.service)).size;
    expect(lines).toHaveLength(Math.min(seriesCount, 6));
    expect(svg).toContain('service=payments');
  });

  it('has no chart for a SQL answer', async () => {
    const r = await runQuery(f.agent(), { kind: 'sql', text: 'SELECT 1 AS one', user: 'c2' });
    expect(r.ok).toBe(true);
    expect(r.chart).toBeUndefined();
  });

  it('writes the PNG with --chart', async () => {
    const file = join(dir, 'cpu.png');
    let out = '';
    const code = await runCli(['query', '--promql', 'shop_cpu_ratio', '--chart', file], { out: (t) => (out += t), err: () => undefined, env: { AIOPS_DATA_DIR: join(dir, 'data'), PROMETHEUS_URL: prom.url, AIOPS_LOG_LEVEL: 'error' } });
    expect(code).toBe(0);
    expect(out).toContain('shop_cpu_ratio');
    expect(pngSize(await readFile(file))).toEqual({ width: 640, height: 260 });
  });
});
