import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EdgeWindow, FeatureWindow } from '../../src/core/index.js';
import { buildColumns, formatCell, graphCsv, tableCsv } from '../../src/cli/rcaeval-columns.js';
import { exportRcaevalCases, type CaseSummary } from '../../src/cli/rcaeval-export.js';
import { edgeWindow, featureRow } from '../stores/fixtures.js';

const T0 = Date.UTC(2026, 0, 10, 8);
const MIN = 60_000;

describe('RCAEval columns', () => {
  const feature = (o: Partial<FeatureWindow>) => featureRow({ sketch: null, ...o });
  const edge = (o: Partial<EdgeWindow>) => edgeWindow({ windowStart: T0, ...o });

  it('gives services their own metrics and dependencies client-observed ones, sorted by node then metric', () => {
    const table = buildColumns({
      services: ['api', 'web'],
      features: [
        feature({ service: 'api', windowStart: T0, requests: 120, throughput: 2, errorRate: 0.05, cpu: 0.5, selfTimeMs: 600, p50Ms: 10 }),
        feature({ service: 'api', windowStart: T0 + 2 * MIN, requests: 0, errorRate: 0, throughput: 0, p50Ms: null }),
        feature({ service: 'api', operation: 'GET /x', windowStart: T0 + MIN }),
        // The pipeline writes client-observed rows for databases too; they must not make it a service.
        feature({ service: 'orders-db', windowStart: T0 }),
      ],
      edges: [
        edge({ caller: 'web', callee: 'api', calls: 30, p50Ms: 8 }),
        edge({ caller: 'api', callee: 'orders-db', calleeKind: 'database', calls: 30, errors: 3, p50Ms: 2, p99Ms: 9 }),
        edge({ caller: 'web', callee: 'orders-db', calleeKind: 'database', calls: 10, errors: 1, p50Ms: 6, p99Ms: 20 }),
      ],
      from: T0,
      to: T0 + 3 * MIN,
      stepMs: MIN,
    });
    const metrics = ['client-latency-50', 'cpu', 'error', 'gc', 'latency-50', 'latency-99', 'logerror', 'mem', 'pool', 'selftime', 'workload'];
    expect(table.header).toEqual([
      'time',
      ...metrics.map((m) => `api_${m}`),
      ...['error', 'latency-50', 'latency-99', 'workload'].map((m) => `orders-db_${m}`),
      ...metrics.map((m) => `web_${m}`),
    ]);
    expect(table.services).toEqual(['api', 'web']);
    expect(table.dependencies).toEqual(['orders-db']);
    expect(table.rows.map((r) => r[0])).toEqual([T0 / 1000, T0 / 1000 + 60, T0 / 1000 + 120]);
    const at = (row: number, col: string) => table.rows[row][table.header.indexOf(col)];
    expect(at(0, 'api_cpu')).toBe(0.5);
    expect(at(0, 'api_selftime')).toBe(5);
    expect(at(0, 'api_error')).toBe(0.05);
    expect(at(0, 'api_client-latency-50')).toBe(8);
    // No requests: no latency, error or self time, but the workload is a real 0.
    expect([at(2, 'api_latency-50'), at(2, 'api_error'), at(2, 'api_selftime'), at(2, 'api_workload')]).toEqual([null, null, null, 0]);
    expect(at(1, 'api_cpu')).toBeNull();
    expect(at(0, 'web_cpu')).toBeNull();
    // Summed over callers: 40 calls a minute, 4 errors; p50 call-weighted without sketches, p99 the max.
    expect(at(0, 'orders-db_workload')).toBeCloseTo(40 / 60);
    expect(at(0, 'orders-db_error')).toBeCloseTo(0.1);
    expect(at(0, 'orders-db_latency-50')).toBeCloseTo(3);
    expect(at(0, 'orders-db_latency-99')).toBe(20);
    expect(at(1, 'orders-db_workload')).toBeNull();
  });

  it('writes cells with up to 6 significant digits, integer times and exact call counts', () => {
    expect([formatCell(null), formatCell(NaN), formatCell(0), formatCell(1234567.89), formatCell(0.000123456789), formatCell(2.5)]).toEqual(['', '', '0', '1234570', '0.000123457', '2.5']);
    expect(tableCsv({ header: ['time', 'a_cpu'], rows: [[1795507260, 0.123456789], [1795507320, null]] })).toBe('time,a_cpu\n1795507260,0.123457\n1795507320,\n');
    const g = graphCsv([edge({ calls: 1234567 }), edge({ windowStart: T0 + MIN, calls: 1 }), edge({ caller: 'api', callee: 'db', calleeKind: 'database', calls: 5 })]);
    expect(g).toBe('caller,callee,calls,callee_kind\napi,db,5,database\nfrontend,checkout,1234568,service\n');
  });

  it('refuses node names a reader could not split', () => {
    expect(() => buildColumns({ services: ['bad_name'], features: [], edges: [], from: T0, to: T0 + MIN, stepMs: MIN })).toThrow(/bad_name/);
  });
});

describe('exportRcaevalCases', () => {
  let dir: string;
  let summaries: CaseSummary[];
  const progress: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aiops-rcaeval-'));
    summaries = await exportRcaevalCases({ dir, cases: 2, fromSeed: 4003, services: 10, kinds: ['cpu', 'errors'], onProgress: (c, i, n) => progress.push(`${i + 1}/${n} ${c.case}`) });
  }, 60_000);
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  async function readCase(c: CaseSummary) {
    const caseDir = join(dir, c.case);
    const lines = (await readFile(join(caseDir, 'data.csv'), 'utf8')).trimEnd().split('\n');
    const header = lines[0].split(',');
    const rows = lines.slice(1).map((l) => l.split(','));
    const inject = Number((await readFile(join(caseDir, 'inject_time.txt'), 'utf8')).trim());
    const graph = (await readFile(join(caseDir, 'graph.csv'), 'utf8')).trimEnd().split('\n');
    const meta = JSON.parse(await readFile(join(caseDir, 'meta.json'), 'utf8')) as Record<string, unknown>;
    const column = (name: string) => {
      const i = header.indexOf(name);
      expect(i, `column ${name}`).toBeGreaterThan(0);
      return rows.map((r) => ({ time: Number(r[0]), value: r[i] === '' ? null : Number(r[i]) }));
    };
    return { header, rows, inject, graph, meta, column };
  }

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const split = (series: { time: number; value: number | null }[], inject: number) => ({
    pre: median(series.filter((p) => p.time < inject && p.value !== null).map((p) => p.value as number)),
    post: median(series.filter((p) => p.time >= inject && p.value !== null).map((p) => p.value as number)),
  });

  it('writes one case directory per seed in the <system>/<root>_<fault>/<rep> layout', async () => {
    expect(summaries.map((c) => [c.seed, c.kind, c.services])).toEqual([
      [4003, 'cpu', 10],
      [4004, 'errors', 10],
    ]);
    expect(progress).toEqual(summaries.map((c, i) => `${i + 1}/2 ${c.case}`));
    for (const c of summaries) {
      expect(c.case.split('/')).toEqual([expect.stringMatching(new RegExp(`^s${c.seed}-[a-z-]+-10svc$`)), `${c.target}_${c.kind}`, '1']);
      expect((await readdir(join(dir, c.case))).sort()).toEqual(['data.csv', 'graph.csv', 'inject_time.txt', 'meta.json']);
      expect(c.rootHasColumns).toBe(true);
    }
    const all = await readdir(dir, { recursive: true });
    expect(all.filter((p) => p.endsWith('data.csv')).map((p) => relative(dir, join(dir, p, '..'))).sort()).toEqual(summaries.map((c) => c.case).sort());
  });

  it('writes a 60 s time grid around the injection, with the meta data matching', async () => {
    for (const c of summaries) {
      const { header, rows, inject, meta } = await readCase(c);
      expect(header[0]).toBe('time');
      expect(header.length).toBe(c.columns + 1);
      expect(rows.length).toBe(c.rows);
      for (const r of rows) expect(r.length).toBe(header.length);
      const times = rows.map((r) => Number(r[0]));
      for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBe(60);
      expect(inject).toBeGreaterThan(times[0]);
      expect(inject).toBeLessThanOrEqual(times[times.length - 1]);
      expect(inject).toBe(c.injectTime);
      expect(meta).toEqual({ seed: c.seed, domain: expect.any(String), services: 10, kind: c.kind, target: c.target, injectTime: inject });
    }
  });

  it("moves the root's column for its fault: cpu up in the cpu case, error rate up in the errors case", async () => {
    const [cpuCase, errorsCase] = summaries;
    const cpu = await readCase(cpuCase);
    const c = split(cpu.column(`${cpuCase.target}_cpu`), cpu.inject);
    expect(c.post).toBeGreaterThan(c.pre * 1.5);
    const errors = await readCase(errorsCase);
    const e = split(errors.column(`${errorsCase.target}_error`), errors.inject);
    expect(e.post).toBeGreaterThan(e.pre + 0.05);
  });

  it('lists call edges in graph.csv between nodes that have columns', async () => {
    for (const c of summaries) {
      const { header, graph } = await readCase(c);
      expect(graph[0]).toBe('caller,callee,calls,callee_kind');
      expect(graph.length).toBeGreaterThan(5);
      const nodes = new Set(header.slice(1).map((h) => h.slice(0, h.lastIndexOf('_'))));
      for (const line of graph.slice(1)) {
        const [caller, callee, calls] = line.split(',');
        expect(nodes.has(caller), `${caller} has columns`).toBe(true);
        expect(nodes.has(callee), `${callee} has columns`).toBe(true);
        expect(Number(calls)).toBeGreaterThan(0);
      }
    }
  });
});
