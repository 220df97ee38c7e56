/** Scores one scenario's incidents against its ground truth (pure; used by `aiops eval detect`). */
import type { Incident } from '../core/index.js';
import type { GroundTruth } from '../sim/types.js';

export interface ScenarioScore {
  faulty: boolean;
  detected: boolean;
  /** (openedAt − fault start) in windows, for detected faults. */
  detectionWindows: number | null;
  /** The first incident that matches the fault. */
  matched: Incident | null;
  /** Incidents matching the fault beyond the first (one fault split into several). */
  duplicates: number;
  falseIncidents: number;
  serviceHours: number;
  rcaTop1: boolean;
}

/**
 * An incident matches the fault when it is open at some point between the fault start and 10 windows after its end
 * and holds an anomaly of the faulty node or a direct neighbour from the fault start on. Detection time is when that
 * anomaly was known: the later of the incident's opening and the end of the anomaly's window.
 */
export function scoreScenario(
  truth: GroundTruth | null,
  incidents: Incident[],
  ctx: { windowMs: number; services: number; minutes: number; graph: Map<string, Set<string>> },
): ScenarioScore {
  const serviceHours = (ctx.services * ctx.minutes) / 60;
  if (!truth) {
    return { faulty: false, detected: false, detectionWindows: null, matched: null, duplicates: 0, falseIncidents: incidents.length, serviceHours, rcaTop1: false };
  }
  const start = Date.parse(truth.at);
  const end = Date.parse(truth.endsAt) + 10 * ctx.windowMs;
  const near = new Set([truth.service, ...(ctx.graph.get(truth.service) ?? [])]);
  const knownAt = (i: Incident): number | null => {
    const onsets = i.anomalies.filter((a) => near.has(a.service) && Date.parse(a.windowStart) >= start).map((a) => Date.parse(a.windowStart) + ctx.windowMs);
    return onsets.length ? Math.max(Date.parse(i.openedAt), Math.min(...onsets)) : null;
  };
  const matching = incidents.filter((i) => {
    const opened = Date.parse(i.openedAt);
    const closed = i.resolvedAt ? Date.parse(i.resolvedAt) : Infinity;
    return opened <= end && closed >= start && knownAt(i) !== null;
  });
  const matched = matching[0] ?? null;
  return {
    faulty: true,
    detected: matched !== null,
    detectionWindows: matched ? (knownAt(matched)! - start) / ctx.windowMs : null,
    matched,
    duplicates: Math.max(0, matching.length - 1),
    falseIncidents: incidents.length - matching.length,
    serviceHours,
    rcaTop1: matched?.rootCauses[0]?.service === truth.service,
  };
}

export function summarize(scores: ScenarioScore[]) {
  const faulty = scores.filter((s) => s.faulty);
  const detected = faulty.filter((s) => s.detected);
  const incidents = scores.reduce((n, s) => n + (s.detected ? 1 : 0) + s.duplicates + s.falseIncidents, 0);
  const falseIncidents = scores.reduce((n, s) => n + s.falseIncidents, 0);
  const serviceHours = scores.reduce((n, s) => n + s.serviceHours, 0);
  const delays = detected.map((s) => s.detectionWindows!).sort((a, b) => a - b);
  const median = delays.length ? (delays.length % 2 ? delays[(delays.length - 1) / 2]! : (delays[delays.length / 2 - 1]! + delays[delays.length / 2]!) / 2) : null;
  return {
    runs: scores.length,
    faults: faulty.length,
    recall: faulty.length ? detected.length / faulty.length : 0,
    // Duplicates count against precision: one fault should be one incident.
    incidentPrecision: incidents ? detected.length / incidents : 1,
    medianDetectionWindows: median,
    falseIncidents,
    duplicateIncidents: scores.reduce((n, s) => n + s.duplicates, 0),
    serviceHours: Math.round(serviceHours * 10) / 10,
    falseIncidentsPer10ServiceHours: serviceHours ? (falseIncidents / serviceHours) * 10 : 0,
    rcaTop1: detected.length ? detected.filter((s) => s.rcaTop1).length / detected.length : 0,
  };
}
