/**
 * Builds the notifications a real Alertmanager sends for an alert storm: alerts grouped by alertname and
 * namespace (group_by), each notification carrying every alert of its group so far (group_wait, then
 * group_interval updates that repeat the alerts already sent), then the resolved notification of each group.
 */
import { createHash } from 'node:crypto';

export interface StormAlert {
  labels: Record<string, string>;
  startsAt: number;
  endsAt: number;
}

export function fingerprint(labels: Record<string, string>): string {
  const text = Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join('\xff');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

const iso = (ms: number) => new Date(ms).toISOString();

export function notifications(alerts: readonly StormAlert[], opts: { groupWaitMs: number; groupIntervalMs: number; receiver: string }): Record<string, unknown>[] {
  const groups = new Map<string, StormAlert[]>();
  for (const a of alerts) {
    const key = `{}:{alertname="${a.labels.alertname}", namespace="${a.labels.namespace ?? ''}"}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(a);
  }
  const out: { at: number; body: Record<string, unknown> }[] = [];
  for (const [groupKey, members] of groups) {
    const first = Math.min(...members.map((a) => a.startsAt));
    const lastEnd = Math.max(...members.map((a) => a.endsAt));
    const body = (at: number, resolved: boolean) => {
      const active = members.filter((a) => a.startsAt <= at);
      return {
        version: '4', groupKey, truncatedAlerts: 0, status: resolved ? 'resolved' : 'firing', receiver: opts.receiver,
        groupLabels: { alertname: members[0]!.labels.alertname }, commonLabels: { alertname: members[0]!.labels.alertname }, commonAnnotations: {}, externalURL: 'http://alertmanager.local',
        alerts: active.map((a) => ({
          status: resolved ? 'resolved' : 'firing', labels: a.labels, annotations: { summary: `${a.labels.alertname} on ${a.labels.pod ?? a.labels.service ?? a.labels.job}` },
          startsAt: iso(a.startsAt), endsAt: resolved ? iso(a.endsAt) : '0001-01-01T00:00:00Z', generatorURL: 'http://prometheus.local/graph', fingerprint: fingerprint(a.labels),
        })),
      };
    };
    for (let at = first + opts.groupWaitMs; at < lastEnd; at += opts.groupIntervalMs) out.push({ at, body: body(at, false) });
    out.push({ at: lastEnd + opts.groupWaitMs, body: body(lastEnd, true) });
  }
  return out.sort((a, b) => a.at - b.at).map((n) => n.body);
}
