/**
 * On-demand root-cause analysis for a service at a time: re-scores the stored windows of its neighbourhood
 * (baseline from the two hours before the window) and ranks the anomalous services.
 */
import { ALL_OPERATIONS, type RootCause } from '../core/index.js';
import { createSeasonalDetector } from '../detectors/seasonal-baseline.js';
import { rankRootCausesV0 } from '../rca/rank-v0.js';
import type { OpsContext, OpsResult } from './context.js';
import { knownService } from './services.js';

const BASELINE_MS = 2 * 3_600_000;

export interface RcaAnswer {
  rootCauses: RootCause[];
  /** What was analysed, for people and for the agent's citations. */
  scope: { service: string; from: string; to: string; services: number; anomalies: number };
}

export async function runRca(ctx: OpsContext, q: { service: string; at?: number; windowMs?: number }): Promise<OpsResult<RcaAnswer>> {
  const known = await knownService(ctx, q.service);
  if (!known.ok) return known;
  const windowMs = q.windowMs ?? 30 * 60_000;
  const to = q.at ?? known.value.lastSeen + ctx.windowMs;
  const from = to - windowMs;
  const graph = await ctx.graph.getGraph({ service: q.service, depth: 3, from: from - BASELINE_MS, to });
  const names = new Set(graph.nodes.map((n) => n.name).concat(q.service));
  const rows = (await ctx.features.queryRange(from - BASELINE_MS, to, '1m'))
    .filter((w) => w.operation === ALL_OPERATIONS && names.has(w.service))
    .sort((a, b) => a.windowStart - b.windowStart);
  const detector = createSeasonalDetector();
  detector.warm(rows.filter((w) => w.windowStart < from));
  const anomalies = detector.observe(rows.filter((w) => w.windowStart >= from));
  const services = [...new Set(anomalies.map((a) => a.service))];
  const rootCauses = services.length ? rankRootCausesV0({ services, anomalies, graph, windows: rows }) : [];
  return {
    ok: true,
    value: {
      rootCauses,
      scope: { service: q.service, from: new Date(from).toISOString(), to: new Date(to).toISOString(), services: names.size, anomalies: anomalies.length },
    },
  };
}
