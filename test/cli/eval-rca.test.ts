import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evalRca } from '../../src/cli/eval-rca.js';
import { labelOf } from '../../src/cli/rcaeval-dataset.js';
import { scoreOutcomes } from '../../src/cli/rca-scoring.js';
import { causalInputFromColumns } from '../../src/rca/causal/from-columns.js';
import { CaseBuilder, ONSET_MS, steady } from '../rca/causal-fixtures.js';
import type { CausalInput } from '../../src/rca/causal/types.js';

const root = mkdtempSync(join(tmpdir(), 'eval-rca-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes a case the way RCAEval lays one out, plus our graph.csv. */
function writeCase(dir: string, input: CausalInput, opts: { inject?: string; graph?: boolean; garbage?: boolean } = {}): void {
  mkdirSync(dir, { recursive: true });
  const cols = input.nodes.flatMap((n) => Object.keys(n.metrics).map((m) => ({ name: `${n.name}_${m}`, s: n.metrics[m as keyof typeof n.metrics] as Float64Array })));
  const lines = [['time', ...cols.map((c) => c.name)].join(',')];
  input.times.forEach((t, i) => lines.push([t / 1000, ...cols.map((c, j) => (i % 17 === 5 ? '' : opts.garbage && i === 3 && j === 0 ? 'n/a' : c.s[i].toPrecision(6)))].join(',')));
  writeFileSync(join(dir, 'data.csv'), lines.join('\n') + '\n');
  writeFileSync(join(dir, 'inject_time.txt'), opts.inject ?? `${input.onsetHintMs / 1000}\n`);
  if (opts.graph !== false) {
    const kinds = new Map(input.nodes.map((n) => [n.name, n.kind]));
    writeFileSync(join(dir, 'graph.csv'), ['caller,callee,calls,callee_kind', ...input.edges.map((e) => `${e.from},${e.to},100,${kinds.get(e.to)}`)].join('\n') + '\n');
  }
}

function chain(seed: number, faulty: 'api' | 'orders', kind: 'errors' | 'cpu'): CausalInput {
  const fault = kind === 'errors' ? { error: { before: 0.001, after: 0.4, noise: 0.1 } } : { cpu: { before: 0.4, after: 0.97, noise: 0.02 }, 'latency-50': { before: 30, after: 90 } };
  return new CaseBuilder(seed)
    .node('web', 'service', steady(60, 20, faulty === 'api' ? {} : kind === 'errors' ? { error: { before: 0.001, after: 0.2, noise: 0.1 } } : { 'latency-50': { before: 60, after: 120 } }))
    .node('api', 'service', steady(30, 10, faulty === 'api' ? fault : {}))
    .node('orders', 'service', steady(30, 10, faulty === 'orders' ? fault : {}))
    .node('orders-db', 'database', { 'latency-50': { before: 2 }, workload: { before: 20 } })
    .call('web', 'api')
    .call('web', 'orders')
    .call('orders', 'orders-db')
    .build();
}

describe('aiops eval rca --dataset', () => {
  it('scores every case of an RCAEval-layout dataset and prints RESULT last', async () => {
    writeCase(join(root, 'ds', 'sys-a', 'orders_errors', '1'), chain(1, 'orders', 'errors'));
    writeCase(join(root, 'ds', 'sys-a', 'api_cpu', '1'), chain(2, 'api', 'cpu'), { graph: false, garbage: true });
    writeCase(join(root, 'ds', 'sys-b', 'api_cpu', '2'), chain(3, 'api', 'cpu'), { inject: 'yesterday' });
    const out: string[] = [];
    const err: string[] = [];
    const code = await evalRca(['--dataset', join(root, 'ds'), '--json'], { out: (t) => out.push(t), err: (t) => err.push(t), env: {} });
    expect(code).toBe(0);
    expect(err.join('\n')).toMatch(/sys-b\/api_cpu\/2": inject_time.txt holds "yesterday", not unix seconds/);
    expect(err.join('\n')).toMatch(/sys-a\/api_cpu\/1: 1 cell\(s\) are not numbers, read as missing \(first: row 5, column web_latency-50: "n\/a"\)/);
    const result = JSON.parse((out.at(-1) as string).replace(/^RESULT /, ''));
    expect(result).toMatchObject({ method: 'otlp-aiops', cases: 3 });
    // The unreadable case counts as a miss, never silently dropped.
    expect(result.ac1).toBeCloseTo(2 / 3);
    expect(result.perCase.map((c: { case: string; ranks: string[] }) => [c.case, c.ranks[0]])).toEqual([
      ['sys-a/api_cpu/1', 'api'],
      ['sys-a/orders_errors/1', 'orders'],
      ['sys-b/api_cpu/2', undefined],
    ]);
    expect(result.byKind.errors).toEqual({ cases: 1, ac1: 1, ac3: 1 });
  });

  it('refuses a directory with no cases and a missing directory', async () => {
    const io = { out: () => {}, err: () => {}, env: {} };
    mkdirSync(join(root, 'empty'), { recursive: true });
    await expect(evalRca(['--dataset', join(root, 'empty')], io)).rejects.toThrow(/no cases under/);
    await expect(evalRca(['--dataset', join(root, 'missing')], io)).rejects.toThrow(/does not exist/);
    await expect(evalRca([], io)).rejects.toThrow(/usage: aiops eval rca/);
  });
});

describe('RCAEval layout', () => {
  it('reads the label from the case directory or its parent, split at the last underscore', () => {
    expect(labelOf('/d/RE2-OB/checkoutservice_cpu/1')).toEqual({ root: 'checkoutservice', fault: 'cpu' });
    expect(labelOf('/d/x/orders-db_db')).toEqual({ root: 'orders-db', fault: 'db' });
    expect(() => labelOf('/d/x/1')).toThrow(/is not <root>_<fault>/);
  });

  it('maps RCAEval metric names onto ours and counts the columns it does not model', () => {
    const { input, ignored } = causalInputFromColumns({
      header: ['time', 'cart_latency-90', 'cart_latency-99', 'cart_mem', 'cart_diskio', 'cart_cpu', 'cart_netrx', 'cart_nettx', 'my_svc_latency-50'],
      rows: [[1, 5, 9, 100, 3, 0.2, 10, 20, 7], [2, 6, 12, 110, NaN, 0.3, 11, 21, 8]],
      injectTimeSec: 2,
    });
    expect(ignored).toEqual(['cart_diskio']);
    expect(input.times).toEqual([1000, 2000]);
    expect(input.onsetHintMs).toBe(2000);
    const cart = input.nodes.find((n) => n.name === 'cart');
    // p90 and p99 are two quantiles, both kept (p90 was once read as p99 and the real p99 dropped); network bytes are modelled.
    expect(Object.keys(cart?.metrics ?? {}).sort()).toEqual(['cpu', 'latency-90', 'latency-99', 'mem', 'netrx', 'nettx']);
    expect(cart?.metrics['latency-99']).toEqual(Float64Array.from([9, 12]));
    expect(input.nodes.find((n) => n.name === 'my_svc')?.metrics['latency-50']).toEqual(Float64Array.from([7, 8]));
    expect(() => causalInputFromColumns({ header: ['time', 'a_cpu'], rows: [], injectTimeSec: 0 })).not.toThrow();
    expect(() => causalInputFromColumns({ header: ['t', 'a_cpu'], rows: [], injectTimeSec: 0 })).toThrow(/no "time" column/);
  });

  it('reads latency given in seconds (RCAEval) as milliseconds, and leaves milliseconds alone', () => {
    const secs = causalInputFromColumns({ header: ['time', 'a_latency-90', 'b_latency-90'], rows: [[1, 0.005, 0.2], [2, 0.006, 0.4]], injectTimeSec: 2 });
    expect(secs.input.nodes.find((n) => n.name === 'a')?.metrics['latency-90']).toEqual(Float64Array.from([5, 6]));
    expect(secs.input.nodes.find((n) => n.name === 'b')?.metrics['latency-90']).toEqual(Float64Array.from([200, 400]));
    const ms = causalInputFromColumns({ header: ['time', 'a_latency-50', 'b_latency-50'], rows: [[1, 3, 40], [2, 4, 60]], injectTimeSec: 2 });
    expect(ms.input.nodes.find((n) => n.name === 'b')?.metrics['latency-50']).toEqual(Float64Array.from([40, 60]));
  });

  it('scores AC@k and Avg@5 as RCAEval does at service level', () => {
    const s = scoreOutcomes([
      { case: 'a', answer: 'x', kind: 'cpu', ranks: ['x', 'y'], predictedType: 'cpu' },
      { case: 'b', answer: 'x', kind: 'mem', ranks: ['y', 'z', 'x'], predictedType: 'latency' },
      { case: 'c', answer: 'x', kind: 'delay', ranks: ['y'] },
      { case: 'd', answer: 'q', kind: 'db', ranks: ['q'], predictedType: 'database' },
    ]);
    expect(s.acAt).toEqual([0.5, 0.5, 0.75, 0.75, 0.75]);
    expect(s.avg5).toBeCloseTo(0.65);
    expect(s.typeAccuracy).toBeCloseTo(2 / 3);
    expect(s.byKind.mem).toEqual({ cases: 1, ac1: 0, ac3: 1 });
  });
});

void ONSET_MS;
