import { z } from 'zod';
import { defineTool } from '../src/core/index.js';

export const queryPromql = defineTool({
  name: 'query_promql',
  description:
    'Run a PromQL expression on Prometheus: instant by default, or a range ending at `end` (default now) over `minutes` with `stepSeconds`. Parse errors come back with the position; fix the expression and retry.',
  input: z.object({
    expr: z.string().min(1).max(4000),
    minutes: z.number().int().min(1).max(1440).optional().describe('set for a range query'),
    stepSeconds: z.number().int().min(1).max(3600).default(60),
    end: z.string().optional().describe('ISO end of the range'),
  }),
  needsApproval: false,
  summarize: (i) => `Running PromQL ${i.expr.slice(0, 80)}${i.minutes ? ` over ${i.minutes} min` : ''}`,
  async run(ctx, i) {
    const to = i.end ? Date.parse(i.end) : ctx.clock.now();
    if (!Number.isFinite(to)) return { status: 'error', error: `"end" must be an ISO time (got "${i.end}")`, query: i.expr };
    const range = i.minutes ? { from: to - i.minutes * 60_000, to, stepMs: i.stepSeconds * 1000 } : undefined;
    const r = await ctx.promql(i.expr, range);
    const window = range ? ` over ${new Date(range.from).toISOString()}–${new Date(range.to).toISOString()}` : '';
    if (!r.ok) return { status: 'error', error: `${r.message}${r.position !== undefined ? ` (at character ${r.position})` : ''}; expression: ${r.expr}${window}`, query: r.expr };
    if (r.series.length === 0) return { status: 'no_data', error: `No series matched ${r.expr}${window}.`, query: r.expr };
    return { status: 'ok', data: r, query: r.expr };
  },
});
