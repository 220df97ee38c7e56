/**
 * Scores detectors on labelled streams, the same way for each: rows fed minute by minute (prepare, then observe),
 * service-level rows and, where the stream has them, each service's callers' view (`CALLERS_OPERATION`, as the
 * pipeline feeds them); nothing scored before the stream's `scoreFrom`. An anomaly of a service's callers' view
 * flags the service's window: it pages that service, as in production.
 * - Point-wise precision, recall and F1 over (service, window) rows, with no point adjustment: a row is predicted
 *   anomalous when the detector emitted an anomaly for it, and labelled anomalous when it lies in a fault window of a
 *   labelled node.
 * - Event level: a fault is found when some labelled node has an anomaly from its start to 2 windows after its end.
 *   False incidents: runs of anomalous windows of one service (gaps up to 5 windows join a run) that touch no fault
 *   window of that service, per 100 service-hours scored.
 */
import { ALL_OPERATIONS, CALLERS_OPERATION, type Anomaly, type FeatureWindow } from '../core/index.js';
import type { Detector } from '../core/detector.js';
import { isFaulty, type LabelledStream } from './labelled-windows.js';

export interface DetectorScores {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  faults: number;
  faultsFound: number;
  eventRecall: number;
  falseIncidents: number;
  serviceHours: number;
  falseIncidentsPer100ServiceHours: number;
}

export interface StreamRun {
  flagged: Set<string>;
  stream: LabelledStream;
}

const fed = (operation: string): boolean => operation === ALL_OPERATIONS || operation === CALLERS_OPERATION;
const flagKey = (service: string, windowStart: number) => `${service}\u0000${windowStart}`;

export async function runDetector(detector: Detector, stream: LabelledStream): Promise<StreamRun> {
  const byMinute = new Map<number, FeatureWindow[]>();
  for (const r of stream.rows) if (fed(r.operation)) byMinute.set(r.windowStart, [...(byMinute.get(r.windowStart) ?? []), r]);
  const flagged = new Set<string>();
  for (const minute of [...byMinute.keys()].sort((a, b) => a - b)) {
    const rows = byMinute.get(minute)!;
    await detector.prepare?.(rows);
    const found: Anomaly[] = detector.observe(rows);
    for (const a of found) if (fed(a.operation)) flagged.add(flagKey(a.service, Date.parse(a.windowStart)));
  }
  return { flagged, stream };
}

export function scoreRuns(runs: readonly StreamRun[]): DetectorScores {
  let tp = 0, fp = 0, fn = 0, faults = 0, faultsFound = 0, falseIncidents = 0, scoredRows = 0;
  for (const { flagged, stream } of runs) {
    const scored = stream.rows.filter((r) => r.operation === '' && r.windowStart >= stream.scoreFrom);
    scoredRows += scored.length;
    for (const r of scored) {
      const y = isFaulty(r, stream.faults);
      const p = flagged.has(flagKey(r.service, r.windowStart));
      if (y && p) tp++;
      else if (p) fp++;
      else if (y) fn++;
    }
    for (const f of stream.faults) {
      faults++;
      if (scored.some((r) => f.nodes.includes(r.service) && r.windowStart >= f.from && r.windowStart < f.to + 2 * 60_000 && flagged.has(flagKey(r.service, r.windowStart)))) faultsFound++;
    }
    const byService = new Map<string, number[]>();
    for (const r of scored) if (flagged.has(flagKey(r.service, r.windowStart))) byService.set(r.service, [...(byService.get(r.service) ?? []), r.windowStart]);
    for (const [service, starts] of byService) {
      const sorted = starts.sort((a, b) => a - b);
      let run: number[] = [];
      const close = () => {
        if (run.length && !run.some((w) => isFaulty({ service, windowStart: w }, stream.faults, 5 * 60_000))) falseIncidents++;
        run = [];
      };
      for (const w of sorted) {
        if (run.length && w - run[run.length - 1]! > 5 * 60_000) close();
        run.push(w);
      }
      close();
    }
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const serviceHours = scoredRows / 60;
  return {
    tp, fp, fn, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    faults, faultsFound, eventRecall: faults ? faultsFound / faults : 0,
    falseIncidents, serviceHours, falseIncidentsPer100ServiceHours: serviceHours ? (100 * falseIncidents) / serviceHours : 0,
  };
}
