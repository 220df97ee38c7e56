/** Turns closed windows + anomalies into one report per (service, window) for the incident manager. */
import { ALL_OPERATIONS, type Anomaly, type FeatureWindow } from '../core/index.js';
import type { WindowReport } from '../decision/incident-manager.js';

export function toWindowReports(closed: readonly FeatureWindow[], anomalies: readonly Anomaly[]): WindowReport[] {
  const reports = new Map<string, WindowReport>();
  const key = (service: string, start: number) => `${service}\u0000${start}`;
  for (const w of closed) {
    if (w.operation !== ALL_OPERATIONS) continue;
    reports.set(key(w.service, w.windowStart), { service: w.service, windowStart: w.windowStart, anomalies: [] });
  }
  for (const a of anomalies) {
    const start = Date.parse(a.windowStart);
    const k = key(a.service, start);
    let r = reports.get(k);
    if (!r) {
      r = { service: a.service, windowStart: start, anomalies: [] };
      reports.set(k, r);
    }
    r.anomalies.push(a);
  }
  return [...reports.values()].sort((a, b) => a.windowStart - b.windowStart);
}
