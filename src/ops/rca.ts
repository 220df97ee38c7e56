/**
 * On-demand root-cause analysis for a service at a time (behind `aiops rca`, the API, Slack and the agent):
 * re-scores the stored windows of its neighbourhood (baseline from the two hours before the window) to find where
 * the change began, then ranks causes through the one RCA entry point (`rca/analyse.ts`), as the pipeline does.
 */
import { ALL_OPERATIONS, type RootCause } from '../core/index.js';
import { createSeasonalDetector } from '../detectors/seasonal-baseline.js';
import { analyseRootCauses, rcaSpanStart } from '../rca/analyse.js';
import type { OpsContext, OpsResult } from './context.js';
import { knownService } from './services.js';

/** History the detectors re-score the window against (the causal ranking's own baseline is in rca/analyse.ts). */
const BASELINE_MS = 2 * 3_600_000;

export interface RcaAnswer {
  rootCauses: RootCause[];
  /** What was analysed, for people and for the agent's citations. */
  scope: { service: string; from: string; to: string; services: number; anomalies: number };
  /** Why there are no root causes, in words (nothing anomalous in the window, no history before it). */
  reason?: string;
}

export async function runRca(ctx: OpsContext, q: { service: string; at?: number; windowMs?: number }): Promise<OpsResult<RcaAnswer>> {
  const known = await knownService(ctx, q.service);
  if (!known.ok) return known;
  const windowMs = q.windowMs ?? 30 * 60_000;
  const to = q.at ?? known.value.lastSeen + ctx.windowMs;
  const from = to - windowMs;
  const graph = await ctx.graph.getGraph({ service: q.service, depth: 3, from: from - BASELINE_MS, to });
  const names = new Set(graph.nodes.map((n) => n.name).concat(q.service));
  const rows = (await ctx.features.queryRange(from - BASELINE_MS, to, '1m', { serviceLevelOnly: true }))
    .filter((w) => w.operation === ALL_OPERATIONS && names.has(w.service))
    .sort((a, b) => a.windowStart - b.windowStart);
  const detector = createSeasonalDetector();
  detector.warm(rows.filter((w) => w.windowStart < from));
  const anomalies = detector.observe(rows.filter((w) => w.windowStart >= from));
  const scope = { service: q.service, from: new Date(from).toISOString(), to: new Date(to).toISOString(), services: names.size, anomalies: anomalies.length };
  if (!anomalies.length) return { ok: true, value: { rootCauses: [], scope, reason: `no anomaly around ${q.service} between ${scope.from} and ${scope.to}` } };
  const onset = Math.min(...anomalies.map((a) => Date.parse(a.windowStart)));
  const { rootCauses, reason } = analyseRootCauses({
    onsetHintMs: onset,
    to,
    windowMs: ctx.windowMs,
    features: rows,
    inbound: await inboundAround(ctx, rcaSpanStart(onset, ctx.windowMs), to, names),
    graph,
    anomalies,
    services: [...new Set(anomalies.map((a) => a.service))],
  });
  return { ok: true, value: reason ? { rootCauses, scope, reason } : { rootCauses, scope } };
}

/** Calls into the neighbourhood's nodes, summed per node and window by the store. */
async function inboundAround(ctx: OpsContext, from: number, to: number, names: ReadonlySet<string>) {
  const inbound = await ctx.graph.queryInbound(from, to);
  return {
    windows: inbound.windows.filter((w) => names.has(w.callee)),
    edges: inbound.edges.filter((e) => names.has(e.caller) || names.has(e.callee)),
  };
}
