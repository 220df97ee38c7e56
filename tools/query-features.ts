import { z } from 'zod';
import { ALL_OPERATIONS, defineTool, type FeatureWindow } from '../src/core/index.js';

const input = z.object({
  service: z.string().min(1).describe('exact service.name, as list_services returns it'),
  minutes: z.number().int().min(1).max(1440).default(60).describe('look-back window ending at the latest data (event time)'),
  at: z.string().optional().describe('ISO end of the window; default: the service’s latest window'),
  resolution: z.enum(['1m', '5m', '15m', '1h']).default('1m'),
});

/** Golden signals per window plus a summary, so the model can quote numbers without adding them up itself. */
export const queryFeatures = defineTool({
  name: 'query_features',
  description:
    'Golden signals of one service per time window: requests, errors, error rate (0..1), p50/p95/p99/max latency in ms, cpu, memory, pool use, log errors. Returns a summary (mean, max, last) and the points. Use for "how is X doing", "error rate of X", "why is X slow".',
  input,
  needsApproval: false,
  summarize: (i) => `Checking golden signals of ${i.service} over the last ${i.minutes} min`,
  async run(ctx, i) {
    const services = await ctx.features.listServices();
    const hit = services.find((s) => s.name === i.service);
    if (!hit) {
      const near = services.filter((s) => s.name.includes(i.service) || i.service.includes(s.name)).map((s) => s.name);
      return { status: 'error', error: `Unknown service "${i.service}". ${near.length ? `Did you mean: ${near.join(', ')}? ` : ''}Call list_services for the exact names.` };
    }
    const to = i.at ? Date.parse(i.at) : hit.lastSeen + ctx.windowMs;
    if (!Number.isFinite(to)) return { status: 'error', error: `"at" must be an ISO time (got "${i.at}")` };
    const from = to - i.minutes * 60_000;
    const window = `${new Date(from).toISOString()}–${new Date(to).toISOString()}`;
    const rows = await ctx.features.queryWindows({ service: i.service, operation: ALL_OPERATIONS, resolution: i.resolution, from, to });
    if (rows.length === 0) return { status: 'no_data', error: `No ${i.resolution} windows for ${i.service} in ${window}.`, query: window };
    return { status: 'ok', data: { service: i.service, window, resolution: i.resolution, summary: summarizeRows(rows), points: rows.map(point) }, query: window };
  },
});

function point(w: FeatureWindow) {
  return { windowStart: new Date(w.windowStart).toISOString(), requests: w.requests, errorRate: round(w.errorRate), p50Ms: w.p50Ms, p99Ms: w.p99Ms, cpu: w.cpu, memory: w.memory, logError: w.logError };
}

function summarizeRows(rows: FeatureWindow[]) {
  const requests = rows.reduce((a, w) => a + w.requests, 0);
  const errors = rows.reduce((a, w) => a + w.errors, 0);
  const p99 = rows.map((w) => w.p99Ms).filter((v): v is number => v !== null);
  const last = rows[rows.length - 1]!;
  return {
    windows: rows.length,
    requests,
    errors,
    errorRate: requests ? round(errors / requests) : 0,
    p99MsMean: p99.length ? round(p99.reduce((a, v) => a + v, 0) / p99.length) : null,
    p99MsMax: p99.length ? Math.max(...p99) : null,
    last: { windowStart: new Date(last.windowStart).toISOString(), errorRate: round(last.errorRate), p99Ms: last.p99Ms, cpu: last.cpu, memory: last.memory },
  };
}

const round = (v: number) => Math.round(v * 10_000) / 10_000;
