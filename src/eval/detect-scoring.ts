/** Scores one scenario's incidents against its ground truth (pure; used by `aiops eval detect`). */
import type { Incident } from '../core/index.js';
import type { GroundTruth } from '../sim/types.js';
import { median } from '../core/stats.js';
import { orNull, ratio, round } from './stats.js';

export interface ScenarioScore {
  faulty: boolean;
  kind: string | null;
  detected: boolean;
  /** Seconds from the fault start to when the matching incident named the faulty node. */
  detectionSeconds: number | null;
  /** The first incident that matches the fault. */
  matched: Incident | null;
  /** Incidents matching the fault beyond the first (one fault split into several). */
  duplicates: number;
  /** Incidents that do not match the fault: noise, or symptoms paged apart from the faulty node. */
  falseIncidents: number;
  /** Of `falseIncidents`, those opened while the fault (or its 10-window aftermath) lasted. */
  falseDuringFault: number;
  serviceHours: number;
  rcaTop1: boolean;
}

/**
 * STRICT matching: an incident matches the fault only when its services include the faulty node itself (no credit
 * for a neighbour), it holds an anomaly of that node from the fault start on, and it is open at some point between
 * the fault start and 10 windows after its end. Detection time is when the faulty node was known to the incident:
 * the later of the incident's opening and the end of that node's first anomalous window after the fault start.
 */
export function scoreScenario(
  truth: GroundTruth | null,
  incidents: readonly Incident[],
  ctx: { windowMs: number; nodes: number; minutes: number },
): ScenarioScore {
  const serviceHours = (ctx.nodes * ctx.minutes) / 60;
  const none = { detected: false, detectionSeconds: null, matched: null, duplicates: 0, rcaTop1: false };
  if (!truth) return { ...none, faulty: false, kind: null, falseIncidents: incidents.length, falseDuringFault: 0, serviceHours };
  const start = Date.parse(truth.at);
  const end = Date.parse(truth.endsAt) + 10 * ctx.windowMs;
  const knownAt = (i: Incident): number | null => {
    if (!i.services.includes(truth.service)) return null;
    const onsets = i.anomalies.filter((a) => a.service === truth.service && Date.parse(a.windowStart) >= start).map((a) => Date.parse(a.windowStart) + ctx.windowMs);
    return onsets.length ? Math.max(Date.parse(i.openedAt), Math.min(...onsets)) : null;
  };
  const during = (i: Incident): boolean => {
    const opened = Date.parse(i.openedAt);
    const closed = i.resolvedAt ? Date.parse(i.resolvedAt) : Infinity;
    return opened <= end && closed >= start;
  };
  const matching = incidents.filter((i) => during(i) && knownAt(i) !== null);
  const others = incidents.filter((i) => !matching.includes(i));
  const matched = matching.slice().sort((a, b) => knownAt(a)! - knownAt(b)!)[0] ?? null;
  return {
    faulty: true,
    kind: truth.kind,
    detected: matched !== null,
    detectionSeconds: matched ? (knownAt(matched)! - start) / 1000 : null,
    matched,
    duplicates: Math.max(0, matching.length - 1),
    falseIncidents: others.length,
    falseDuringFault: others.filter((i) => { const t = Date.parse(i.openedAt); return t >= start && t <= end; }).length,
    serviceHours,
    rcaTop1: matched?.rootCauses[0]?.service === truth.service,
  };
}

export function summarize(scores: readonly ScenarioScore[]) {
  const faulty = scores.filter((s) => s.faulty);
  const detected = faulty.filter((s) => s.detected);
  const sum = (f: (s: ScenarioScore) => number) => scores.reduce((n, s) => n + f(s), 0);
  const incidents = sum((s) => (s.detected ? 1 : 0) + s.duplicates + s.falseIncidents);
  const falseIncidents = sum((s) => s.falseIncidents);
  const serviceHours = sum((s) => s.serviceHours);
  const byKind: Record<string, { faults: number; detected: number; medianDetectionSeconds: number | null }> = {};
  for (const s of faulty) {
    const k = (byKind[s.kind!] ??= { faults: 0, detected: 0, medianDetectionSeconds: null });
    k.faults++;
    if (s.detected) k.detected++;
  }
  for (const [kind, k] of Object.entries(byKind)) {
    k.medianDetectionSeconds = orNull(median(detected.filter((s) => s.kind === kind).map((s) => s.detectionSeconds!)));
  }
  return {
    runs: scores.length,
    faults: faulty.length,
    recall: round(ratio(detected.length, faulty.length, 0)),
    // Duplicates count against precision: one fault should be one incident.
    incidentPrecision: round(ratio(detected.length, incidents, 1)),
    medianDetectionSeconds: orNull(median(detected.map((s) => s.detectionSeconds!))),
    falseIncidents,
    falseIncidentsDuringFaults: sum((s) => s.falseDuringFault),
    duplicateIncidents: sum((s) => s.duplicates),
    serviceHours: round(serviceHours, 1),
    falseIncidentsPer100ServiceHours: round(serviceHours ? (falseIncidents / serviceHours) * 100 : 0),
    rcaTop1: round(ratio(detected.filter((s) => s.rcaTop1).length, detected.length, 0)),
    byKind,
  };
}
