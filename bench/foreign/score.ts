/**
 * Scores the product's incidents (as /api/incidents answers them) against the ground truth. Pure.
 * - A fault is found when an incident names the faulty node in its services, holds an anomaly of that node from
 *   the fault's start on, and opened during the fault (or up to 3 windows after its end: an incident opens at a
 *   window close); an incident already open that gains the node's anomaly during the fault counts only when no
 *   incident opened for it.
 * - Time to detect: fault start → the later of the incident's opening and the end of the node's first anomalous
 *   window from the fault start on.
 * - A false incident overlaps no fault: its first anomaly to its resolution (or the run's end) misses every
 *   [fault start, fault end + 10 min]. Per 100 service-hours of the nodes the run emitted.
 * - Unmatched: every incident no fault matched (false ones, strays, and pages in a fault's aftermath).
 * - RCA: rank of the faulty node among the matched incident's root causes (1 = top-1).
 */
import type { Fault } from './scenario.js';

export interface ApiIncident {
  id: string;
  status: string;
  openedAt: string;
  firstAnomalyAt: string;
  resolvedAt: string | null;
  services: string[];
  rootCauses: { service: string; indicator: string; score: number; evidence: string[] }[];
  anomalies: { service: string; operation: string; feature: string; windowStart: string; value: number; baseline: number; score: number }[];
}

export interface FaultScore {
  kind: string;
  node: string;
  startMs: number;
  found: boolean;
  incidentId: string | null;
  detectSeconds: number | null;
  rcaRank: number | null;
  topRootCauses: string[];
  /** Services of incidents opened during the fault that did not name the node. */
  strays: string[][];
}

export interface RunScore {
  faults: FaultScore[];
  falseIncidents: ApiIncident[];
  /** Every incident no fault matched: the false ones and those during a fault or its aftermath (strays). */
  unmatched: ApiIncident[];
  serviceHours: number;
}

const WINDOW = 60_000;

export function scoreRun(incidents: readonly ApiIncident[], faults: readonly Fault[], ctx: { startMs: number; minutes: number; nodes: number }): RunScore {
  const at = (m: number): number => ctx.startMs + m * WINDOW;
  const runEnd = at(ctx.minutes);
  const scores = faults.map((f): FaultScore => {
    const start = at(f.startMinute);
    const end = at(f.endMinute);
    const knownAt = (i: ApiIncident): number | null => {
      if (!i.services.includes(f.node)) return null;
      const onsets = i.anomalies.filter((a) => a.service === f.node && Date.parse(a.windowStart) >= start && Date.parse(a.windowStart) < end).map((a) => Date.parse(a.windowStart) + WINDOW);
      if (!onsets.length) return null;
      const opened = Date.parse(i.openedAt);
      const closed = i.resolvedAt ? Date.parse(i.resolvedAt) : Infinity;
      if (opened > end + 3 * WINDOW || closed < start) return null;
      return Math.max(opened, Math.min(...onsets));
    };
    // An incident opened for this fault first; one that was already open (another episode it absorbed) only when
    // none was: otherwise a page still open from before would take the credit, and its root causes the blame.
    const openedHere = (i: ApiIncident): number => (Date.parse(i.openedAt) >= start ? 0 : 1);
    const matching = incidents.filter((i) => knownAt(i) !== null).sort((a, b) => openedHere(a) - openedHere(b) || knownAt(a)! - knownAt(b)!);
    const m = matching[0];
    const strays = incidents.filter((i) => !matching.includes(i) && Date.parse(i.openedAt) >= start && Date.parse(i.openedAt) <= end + 3 * WINDOW).map((i) => i.services);
    const rank = m ? m.rootCauses.findIndex((r) => r.service === f.node) : -1;
    return {
      kind: f.kind, node: f.node, startMs: start, found: !!m, incidentId: m?.id ?? null,
      detectSeconds: m ? (knownAt(m)! - start) / 1000 : null,
      rcaRank: rank >= 0 ? rank + 1 : null,
      topRootCauses: m ? m.rootCauses.slice(0, 3).map((r) => `${r.service} (${r.indicator} ${r.score.toFixed(2)})`) : [],
      strays,
    };
  });
  const overlapsFault = (i: ApiIncident): boolean => {
    const from = Date.parse(i.firstAnomalyAt ?? i.openedAt);
    const to = i.resolvedAt ? Date.parse(i.resolvedAt) : runEnd;
    return faults.some((f) => from <= at(f.endMinute) + 10 * WINDOW && to >= at(f.startMinute));
  };
  const matched = new Set(scores.map((f) => f.incidentId));
  return {
    faults: scores,
    falseIncidents: incidents.filter((i) => !overlapsFault(i)),
    unmatched: incidents.filter((i) => !matched.has(i.id)),
    serviceHours: (ctx.nodes * ctx.minutes) / 60,
  };
}

export function summarize(runs: readonly RunScore[]) {
  const faults = runs.flatMap((r) => r.faults);
  const found = faults.filter((f) => f.found);
  const hours = runs.reduce((s, r) => s + r.serviceHours, 0);
  const falseN = runs.reduce((s, r) => s + r.falseIncidents.length, 0);
  const ttd = found.map((f) => f.detectSeconds!).sort((a, b) => a - b);
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    faults: faults.length,
    found: found.length,
    recall: faults.length ? r3(found.length / faults.length) : 0,
    medianDetectSeconds: ttd.length ? ttd[Math.floor((ttd.length - 1) / 2)]! : null,
    rcaTop1: found.filter((f) => f.rcaRank === 1).length,
    rcaTop3: found.filter((f) => f.rcaRank !== null && f.rcaRank <= 3).length,
    falseIncidents: falseN,
    serviceHours: r3(hours),
    falsePer100ServiceHours: hours ? r3((falseN / hours) * 100) : 0,
    strayIncidentsDuringFaults: faults.reduce((s, f) => s + f.strays.length, 0),
    // Faults are 25 minutes apart, so most of a run is a fault or its 10-minute aftermath, where an unrelated
    // page is not "false" by the definition above: this counts every incident that matched no fault.
    unmatchedIncidents: runs.reduce((s, r) => s + r.unmatched.length, 0),
    unmatchedPer100ServiceHours: hours ? r3((runs.reduce((s, r) => s + r.unmatched.length, 0) / hours) * 100) : 0,
  };
}
