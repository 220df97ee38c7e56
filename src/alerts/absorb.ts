/** Pure edits of an incident's alert list: add or refresh one alert per fingerprint, and build alert incidents. */
import type { AbsorbedAlert, Incident, RootCause, Severity } from '../core/index.js';
import { appendTimeline } from '../decision/timeline.js';

/** Bounds one incident's alert list; the count of the rest is kept in the timeline. */
export const MAX_ALERTS_PER_INCIDENT = 2_000;

/** Adds or refreshes alerts by fingerprint; returns how many were new to this incident. */
export function absorbAlerts(incident: Incident, incoming: readonly AbsorbedAlert[]): number {
  const list = (incident.alerts ??= []);
  const index = new Map(list.map((a, i) => [a.fingerprint, i]));
  let added = 0;
  for (const a of incoming) {
    const at = index.get(a.fingerprint);
    if (at !== undefined) {
      const cur = list[at]!;
      // A resolved alert stays resolved for this incident; a later firing of the same fingerprint reopens it.
      list[at] = { ...cur, status: a.status, endsAt: a.endsAt, notifications: cur.notifications + a.notifications, startsAt: a.startsAt < cur.startsAt ? a.startsAt : cur.startsAt };
    } else if (list.length < MAX_ALERTS_PER_INCIDENT) {
      index.set(a.fingerprint, list.length);
      list.push({ ...a });
      added++;
    }
  }
  for (const s of new Set(incoming.map((a) => a.service).filter((s): s is string => s !== null))) {
    if (incident.kind === 'alert' && !incident.services.includes(s)) incident.services.push(s);
  }
  return added;
}

export function noteAbsorbed(incident: Incident, atMs: number, added: readonly AbsorbedAlert[]): void {
  if (!added.length) return;
  const names = new Map<string, number>();
  for (const a of added) names.set(a.alertname, (names.get(a.alertname) ?? 0) + 1);
  const list = [...names].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([n, c]) => `${n} ×${c}`).join(', ');
  appendTimeline(incident, atMs, 'alerts', `absorbed ${added.length} Alertmanager alert(s): ${list}`);
}

const SEVERITY: Record<string, Severity> = { critical: 'critical', page: 'critical', error: 'high', high: 'high', warning: 'medium', warn: 'medium', medium: 'medium', info: 'low', low: 'low', none: 'low' };
const ORDER: Severity[] = ['low', 'medium', 'high', 'critical'];

export function severityOfAlerts(alerts: readonly AbsorbedAlert[]): Severity {
  let best: Severity = 'low';
  for (const a of alerts) {
    const s = SEVERITY[(a.severity ?? '').toLowerCase()] ?? 'medium';
    if (ORDER.indexOf(s) > ORDER.indexOf(best)) best = s;
  }
  return best;
}

/** Root causes of an alert incident when no analysis found any: the alerted node with the most alerts. */
export function causesFromAlerts(alerts: readonly AbsorbedAlert[]): RootCause[] {
  const per = new Map<string, AbsorbedAlert[]>();
  for (const a of alerts) if (a.service) (per.get(a.service) ?? per.set(a.service, []).get(a.service)!).push(a);
  const total = alerts.length || 1;
  return [...per]
    .sort((a, b) => b[1].length - a[1].length)
    .slice(0, 3)
    .map(([service, as]) => ({
      service,
      indicator: 'alert',
      score: Math.round((as.length / total) * 100) / 100,
      evidence: [`${as.length} of ${total} alert(s) name it (${[...new Set(as.map((a) => a.alertname))].slice(0, 4).join(', ')}); no telemetry anomaly explains them yet`],
    }));
}

export function newAlertIncident(id: string, first: AbsorbedAlert, nowIso: string): Incident {
  const incident: Incident = {
    id,
    kind: 'alert',
    status: 'open',
    severity: 'low',
    openedAt: nowIso,
    firstAnomalyAt: first.startsAt,
    resolvedAt: null,
    services: first.service ? [first.service] : [],
    rootCauses: [],
    anomalies: [],
    alerts: [],
    timeline: [{ at: nowIso, kind: 'opened', text: `opened by alert ${first.alertname}${first.service ? ` on ${first.service}` : ''}: no anomaly of ours explains it` }],
  };
  return incident;
}

/** An alert incident resolves when every alert in it has; reopens when one fires again. */
export function settleAlertIncident(incident: Incident): void {
  if (incident.kind !== 'alert' || incident.mergedInto) return;
  incident.severity = severityOfAlerts(incident.alerts ?? []);
  const firing = (incident.alerts ?? []).some((a) => a.status === 'firing');
  if (!firing && incident.status === 'open') {
    const end = Math.max(...(incident.alerts ?? []).map((a) => Date.parse(a.endsAt ?? a.startsAt)));
    incident.status = 'resolved';
    incident.resolvedAt = new Date(end).toISOString();
  } else if (firing && incident.status === 'resolved') {
    incident.status = 'open';
    incident.resolvedAt = null;
  }
}
