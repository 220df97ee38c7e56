/**
 * Prometheus HTTP API client (`/api/v1/query`, `/query_range`, `/metadata`, `/labels`). Every query is parsed
 * first, so a syntax error never reaches the server and comes back with its position.
 */
import type { PromClient, PromSeries } from '../../core/index.js';
import { checkPromql } from '../../query/index.js';

interface PromResponse {
  status: 'success' | 'error';
  data?: { resultType: string; result: { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[] } | unknown;
  errorType?: string;
  error?: string;
}

export function createPromClient(baseUrl: string, opts: { timeoutMs?: number } = {}): PromClient {
  const base = baseUrl.replace(/\/+$/, '');
  const get = async (path: string, params: Record<string, string>): Promise<PromResponse> => {
    const res = await fetch(`${base}${path}?${new URLSearchParams(params)}`, { signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000) });
    const body = (await res.json().catch(() => ({ status: 'error', error: `HTTP ${res.status} without a JSON body` }))) as PromResponse;
    return body;
  };
  return {
    async query(expr, range) {
      const parsed = checkPromql(expr);
      if (!parsed.ok) return { ok: false, expr, message: parsed.message, position: parsed.position };
      try {
        const r = range
          ? await get('/api/v1/query_range', { query: expr, start: String(range.from / 1000), end: String(range.to / 1000), step: `${Math.max(1, Math.round(range.stepMs / 1000))}s` })
          : await get('/api/v1/query', { query: expr });
        if (r.status !== 'success') return { ok: false, expr, message: `Prometheus ${r.errorType ?? 'error'}: ${r.error ?? 'unknown error'}` };
        const data = r.data as { resultType: string; result: unknown };
        return { ok: true, expr, resultType: data.resultType, series: toSeries(data), range };
      } catch (e) {
        return { ok: false, expr, message: `Prometheus at ${base} did not answer: ${(e as Error).message}` };
      }
    },
    async metadata() {
      const [meta, labels, names] = await Promise.all([get('/api/v1/metadata', {}), get('/api/v1/labels', {}), get('/api/v1/label/__name__/values', {})]);
      const m = (meta.data ?? {}) as Record<string, { type: string; help: string }[]>;
      const metrics = Object.entries(m).map(([name, v]) => ({ name, type: v[0]?.type ?? 'unknown', help: v[0]?.help ?? '' }));
      // Backfilled or remote-written series have no scrape metadata: take their names from the TSDB and infer the type.
      const described = new Set(metrics.map((x) => x.name));
      for (const name of Array.isArray(names.data) ? (names.data as string[]) : []) {
        const family = name.replace(/_(bucket|sum|count)$/, '');
        if (described.has(name) || described.has(family)) continue;
        metrics.push({ name, type: /_bucket$/.test(name) ? 'histogram' : /_total$/.test(name) ? 'counter' : 'unknown', help: '' });
      }
      return { metrics: metrics.sort((a, b) => a.name.localeCompare(b.name)), labels: Array.isArray(labels.data) ? (labels.data as string[]) : [] };
    },
  };
}

function toSeries(data: { resultType: string; result: unknown }): PromSeries[] {
  if (data.resultType === 'scalar' || data.resultType === 'string') {
    const [t, v] = data.result as [number, string];
    return [{ labels: {}, values: [[t, Number(v)]] }];
  }
  return (data.result as { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[]).map((s) => ({
    labels: s.metric,
    values: (s.values ?? (s.value ? [s.value] : [])).map(([t, v]) => [t, Number(v)] as [number, number]),
  }));
}

/** Used when PROMETHEUS_URL is unset: every query answers with what to configure. */
export const unconfiguredProm: PromClient = {
  query: async (expr) => {
    const parsed = checkPromql(expr);
    if (!parsed.ok) return { ok: false, expr, message: parsed.message, position: parsed.position };
    return { ok: false, expr, message: 'PromQL is not available: PROMETHEUS_URL is not set. Use query_sql over the feature views instead.' };
  },
  metadata: async () => ({ metrics: [], labels: [] }),
};
