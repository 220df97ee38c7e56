/** Ordering helpers of the incident manager: incidents oldest first, window reports grouped by window start. */
import type { TrackedIncident } from './tracked-incident.js';

/** The fields of a window report the grouping needs (incident-manager.ts WindowReport). */
interface WindowReport { service: string; windowStart: number; anomalies: readonly unknown[] | undefined }

export function olderFirst(a: TrackedIncident, b: TrackedIncident): number {
  const x = a.incident;
  const y = b.incident;
  return x.openedAt.localeCompare(y.openedAt) || a.first - b.first || x.id.localeCompare(y.id);
}

export function byWindow<R extends WindowReport>(reports: readonly R[]): R[][] {
  const groups = new Map<number, R[]>();
  for (const r of reports) {
    if (!r || !Number.isFinite(r.windowStart) || typeof r.service !== 'string') continue;
    let g = groups.get(r.windowStart);
    if (!g) groups.set(r.windowStart, (g = []));
    g.push({ ...r, anomalies: r.anomalies ?? [] });
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}

export function definedOnly<T extends object>(o: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
