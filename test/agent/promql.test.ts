/**
 * PromQL: syntax checks with the official grammar (pure), then a real Prometheus (Debian package) with an
 * hour of backfilled samples: instant and range queries, server errors, text-to-PromQL and its repair.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiLlm } from '../../src/agent/llm/openai-llm.js';
import { generatePromql, promqlTemplate } from '../../src/agent/promql/generate-promql.js';
import { createPromClient } from '../../src/stores/prometheus/prom-http.js';
import { checkPromql } from '../../src/query/promql-check.js';
import { rangeTable, sparkline } from '../../src/agent/promql/render-series.js';
import { runQuery } from '../../src/ops/query.js';
import { startOpenAiStandin } from '../contract/openai-standin.js';
import { openAgentFixture, type AgentFixture } from './agent-fixture.js';
import { havePrometheus, PROMETHEUS_BIN, startPrometheus, type PrometheusServer } from './prometheus-server.js';

describe('PromQL syntax (lezer-promql)', () => {
  it('accepts valid expressions and lists their metrics', () => {
    expect(checkPromql('histogram_quantile(0.99, sum by (le) (rate(http_seconds_bucket{job="a"}[5m])))')).toEqual({ ok: true, metrics: ['http_seconds_bucket'] });
  });
  it.each([
    ['sum(rate(x[5m]) by (job)', 16],
    ['foo{a="b"', 9],
    ['1 +', 3],
  ])('rejects %s at character %i', (expr, pos) => {
    expect(checkPromql(expr)).toMatchObject({ ok: false, position: pos });
  });
  it('tabulates a range result by time with one column per series', () => {
    const series = [
      { labels: { service: 'a' }, values: Array.from({ length: 30 }, (_, i) => [1_700_000_000 + i * 60, i] as [number, number]) },
      { labels: { service: 'b' }, values: Array.from({ length: 30 }, (_, i) => [1_700_000_000 + i * 60, 100 - i] as [number, number]) },
    ];
    const table = rangeTable(series, 6).split('\n');
    expect(table[0]).toMatch(/time \(UTC\)\s+s1\s+s2/);
    const rows = table.filter((l) => /^\s*\d\d:\d\d\s/.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.length).toBeLessThanOrEqual(7);
    expect(rows[0]).toMatch(/\s0\s+100$/);
    expect(rows[rows.length - 1]).toMatch(/\s29\s+71$/);
    expect(table).toContain('s2 = {service="b"}');
    expect(rangeTable([{ labels: {}, values: [[1, 2]] }])).toBe('');
  });

  it('draws a sparkline scaled to min and max', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
  });
});

const suite = havePrometheus ? describe : describe.skip;
suite(`real Prometheus (${havePrometheus ? PROMETHEUS_BIN : `skipped: ${PROMETHEUS_BIN} not installed — apt-get install -y prometheus`})`, () => {
  let prom: PrometheusServer;
  let f: AgentFixture;
  beforeAll(async () => {
    prom = (await startPrometheus())!;
    f = await openAgentFixture();
  }, 60_000);
  afterAll(async () => {
    await prom?.stop();
    await f?.close();
  });
  const range = () => ({ from: prom.lastSampleMs - 3_600_000 + 60_000, to: prom.lastSampleMs, stepMs: 60_000 });

  it('runs instant and range queries on backfilled data', async () => {
    const c = createPromClient(prom.url);
    const inst = await c.query('sum by (service) (rate(shop_requests_total[5m]))');
    expect(inst).toMatchObject({ ok: true, resultType: 'vector' });
    const series = (inst as Extract<typeof inst, { ok: true }>).series;
    expect(series.map((s) => s.labels.service).sort()).toEqual(['cart', 'payments']);
    const r = await c.query('sum(rate(shop_requests_total{code="500"}[5m]))', range());
    expect(r).toMatchObject({ ok: true, resultType: 'matrix' });
    const values = (r as Extract<typeof r, { ok: true }>).series[0]!.values;
    expect(values.length).toBeGreaterThan(50);
    expect(values.at(-1)![1]).toBeGreaterThan(values[0]![1] * 5);
  });

  it('passes the server error back with the expression, and never sends a parse error to the server', async () => {
    const c = createPromClient(prom.url);
    const typeErr = await c.query('rate(shop_requests_total)');
    expect(typeErr).toMatchObject({ ok: false });
    expect((typeErr as { message: string }).message).toMatch(/Prometheus bad_data: .*range vector/);
    expect(await c.query('sum(rate(shop_requests_total[5m])')).toMatchObject({ ok: false, position: expect.any(Number) });
  });

  it('reads the schema: scrape metadata plus backfilled names with inferred types', async () => {
    const meta = await createPromClient(prom.url).metadata();
    expect(meta.metrics.find((m) => m.name === 'shop_requests_total')).toMatchObject({ type: 'counter' });
    expect(meta.metrics.find((m) => m.name === 'prometheus_http_requests_total')!.help.length).toBeGreaterThan(5);
    expect(meta.labels).toContain('service');
    expect(promqlTemplate('p99 of shop_request_duration_seconds', meta)).toBe('histogram_quantile(0.99, sum by (le) (rate(shop_request_duration_seconds_bucket[5m])))');
    expect(promqlTemplate('shop_requests_total by service', meta)).toBe('sum by (service) (rate(shop_requests_total[5m]))');
  });

  it('answers `aiops query --promql` with a table-like sparkline and the expression', async () => {
    const d = f.agent({ prom: createPromClient(prom.url) });
    const r = await runQuery({ ...d, ctx: { ...d.ctx, clock: { now: () => prom.lastSampleMs } } }, { kind: 'promql', text: 'shop_cpu_ratio', user: 'p1' });
    expect(r.ok).toBe(true);
    expect(r.query).toBe('shop_cpu_ratio');
    expect(r.text).toMatch(/\{__name__="shop_cpu_ratio", .*service="payments"\}\s+[▁▂▃▄▅▆▇█]+\s+min 0\.\d+ max 0\.\d+/);
    expect(r.rows!.length).toBeGreaterThan(50);
  });

  it('repairs a model-written expression from the parse error, then runs it', async () => {
    const s = await startOpenAiStandin([{ text: '```promql\nsum(rate(shop_requests_total{code="500"}[5m])\n```' }, { text: '```promql\nsum(rate(shop_requests_total{code="500"}[5m]))\n```' }]);
    try {
      const d = f.agent({ prom: createPromClient(prom.url), llm: createOpenAiLlm({ model: 'gpt-4o-mini', baseURL: s.baseURL, maxRetries: 0 }) });
      const g = await generatePromql(d, 'how many failing requests per second are there?', range());
      expect(g).toMatchObject({ source: 'model', attempts: 2, outcome: { ok: true } });
      const second = JSON.stringify(s.requests[1]);
      expect(second).toMatch(/parse error at character/);
      expect(JSON.stringify(s.requests[0])).toContain('shop_requests_total (counter)');
    } finally {
      await s.close();
    }
  });

  it('never sends a secret from the question to the model', async () => {
    const s = await startOpenAiStandin([{ text: '```promql\nsum(rate(shop_requests_total[5m]))\n```' }]);
    try {
      const d = f.agent({ prom: createPromClient(prom.url), llm: createOpenAiLlm({ model: 'gpt-4o-mini', baseURL: s.baseURL, maxRetries: 0 }) });
      await generatePromql(d, 'failing requests per second? my token is xoxb-1234567890-abcdefghijkl', range());
      const sent = JSON.stringify(s.requests[0]);
      expect(sent).not.toContain('xoxb-1234567890-abcdefghijkl');
      expect(sent).toContain('[REDACTED]');
    } finally {
      await s.close();
    }
  });
});
