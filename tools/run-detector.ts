import { z } from 'zod';
import { defineTool } from '../src/core/index.js';

export const runDetector = defineTool({
  name: 'run_detector',
  description: 'Run the anomaly detector now over recent windows (one service, or all when omitted) against a two-hour baseline; returns anomalous (service, feature, window) findings with value, baseline and score.',
  input: z.object({ service: z.string().optional(), minutes: z.number().int().min(5).max(240).default(30) }),
  needsApproval: false,
  summarize: (i) => `Running the detector on ${i.service ?? 'all services'} over ${i.minutes} min`,
  async run(ctx, i) {
    const r = await ctx.detect(i.service, i.minutes * 60_000);
    if (!r.ok) return { status: 'error', error: r.message };
    const window = `${r.scope.from}–${r.scope.to}`;
    if (r.anomalies.length === 0) return { status: 'no_data', error: `No anomalies in ${r.scope.services} services in ${window}.`, query: window };
    const sorted = r.anomalies.slice().sort((a, b) => b.score - a.score);
    // Per service: how many findings and the strongest one, so one loud service does not hide the others.
    const byService = [...new Set(sorted.map((a) => a.service))].map((service) => {
      const mine = sorted.filter((a) => a.service === service);
      return { service, findings: mine.length, strongest: mine[0]! };
    });
    return { status: 'ok', data: { window, total: r.anomalies.length, byService, anomalies: sorted.slice(0, 25) }, query: window };
  },
});
