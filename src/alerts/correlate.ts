/**
 * Which incident explains an alert: pure, event time only. An alert joins the incident whose services are
 * nearest to the alert's node in the call graph (same node = 0 hops, either edge direction) among those whose
 * time span, widened by the join window, contains the alert's start. Incidents our detectors opened win over
 * incidents opened by alerts: the anomaly incident carries the root-cause analysis.
 */
import type { Incident, ServiceGraph } from '../core/index.js';

export interface CorrelateConfig {
  /** An alert may start this long before an incident's first anomaly or after its resolution and still join it. */
  joinWindowMs: number;
  /** The farthest call-graph distance at which an alert still belongs to an incident. */
  maxHops: number;
}

export const DEFAULT_CORRELATE: CorrelateConfig = { joinWindowMs: 15 * 60_000, maxHops: 3 };

export interface AlertPoint {
  service: string | null;
  alertname: string;
  startsAtMs: number;
}

/** Undirected hop distances from `start`, at most `maxHops`. */
export function hopsFrom(graph: ServiceGraph, start: string, maxHops: number): Map<string, number> {
  const adjacent = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (e.from === e.to) continue;
    (adjacent.get(e.from) ?? adjacent.set(e.from, []).get(e.from)!).push(e.to);
    (adjacent.get(e.to) ?? adjacent.set(e.to, []).get(e.to)!).push(e.from);
  }
  const dist = new Map([[start, 0]]);
  let frontier = [start];
  for (let hop = 1; hop <= maxHops && frontier.length; hop++) {
    const next: string[] = [];
    for (const n of frontier) {
      for (const m of adjacent.get(n) ?? []) {
        if (dist.has(m)) continue;
        dist.set(m, hop);
        next.push(m);
      }
    }
    frontier = next;
  }
  return dist;
}

function spans(incident: Incident, at: number, windowMs: number): boolean {
  const from = Date.parse(incident.firstAnomalyAt) - windowMs;
  const to = incident.resolvedAt ? Date.parse(incident.resolvedAt) + windowMs : Number.POSITIVE_INFINITY;
  return at >= from && at <= to;
}

/** The nodes an incident is about: its services and its ranked root causes (a database may be a cause only). */
function nodesOf(incident: Incident): string[] {
  return [...new Set([...incident.services, ...incident.rootCauses.map((r) => r.service)])];
}

export interface Pick {
  incident: Incident;
  hops: number;
}

export function pickIncident(alert: AlertPoint, incidents: readonly Incident[], graph: ServiceGraph, cfg: CorrelateConfig = DEFAULT_CORRELATE): Pick | null {
  const dist = alert.service ? hopsFrom(graph, alert.service, cfg.maxHops) : new Map<string, number>();
  let best: (Pick & { rank: number[] }) | null = null;
  for (const incident of incidents) {
    if (incident.mergedInto || !spans(incident, alert.startsAtMs, cfg.joinWindowMs)) continue;
    let hops = Math.min(...nodesOf(incident).map((n) => dist.get(n) ?? Number.POSITIVE_INFINITY));
    // An alert no label mapped to a node joins only an alert incident of the same alertname.
    if (!alert.service && incident.kind === 'alert' && incident.alerts?.some((a) => a.alertname === alert.alertname && a.service === null)) hops = 0;
    if (!Number.isFinite(hops)) continue;
    const rank = [incident.kind === 'alert' ? 1 : 0, hops, Math.abs(alert.startsAtMs - Date.parse(incident.firstAnomalyAt))];
    if (!best || lexLess(rank, best.rank)) best = { incident, hops, rank };
  }
  return best ? { incident: best.incident, hops: best.hops } : null;
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}
