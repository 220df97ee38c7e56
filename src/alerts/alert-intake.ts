/**
 * Alertmanager notifications → incidents. Each alert is identified by its fingerprint (repeats and regroupings
 * refresh it, never duplicate it), mapped to our node by its labels, and joined to the incident that explains it
 * (correlate.ts); an alert nothing explains opens an incident of kind `alert`, which an anomaly incident folds
 * in when our detectors confirm the fault (`onIncident`). Notifications are handled one at a time.
 */
import type { AbsorbedAlert, Clock, GraphStore, Incident, RootCause } from '../core/index.js';
import type { Logger } from '../obs/logger.js';
import type { AlertAwareIncidentStore } from './alert-aware-incidents.js';
import type { AlertMetrics } from './alert-metrics.js';
import { absorbAlerts, causesFromAlerts, newAlertIncident, noteAbsorbed, settleAlertIncident } from './absorb.js';
import { endOf, isResolved, parseNotification, type AmAlert } from './alertmanager-payload.js';
import { DEFAULT_CORRELATE, pickIncident, type CorrelateConfig } from './correlate.js';
import { mapAlertToNode } from './label-mapping.js';
import { foldAlertIncidents } from './fold.js';

export interface AlertIntakeDeps {
  incidents: AlertAwareIncidentStore;
  graph: Pick<GraphStore, 'getGraph'>;
  clock: Clock;
  metrics: AlertMetrics;
  logger: Logger;
  newIncidentId(openedAtMs: number): string;
  /** Root causes for an alert incident from our own telemetry (the RCA use case); [] when there is none. */
  rootCauses(service: string, atMs: number): Promise<RootCause[]>;
}

export interface AlertIntakeConfig extends CorrelateConfig {
  /** Label names tried in order to find our node (AIOPS_ALERT_SERVICE_LABELS). */
  serviceLabels: readonly string[];
}

export interface IntakeSummary {
  received: number;
  new: number;
  repeats: number;
  resolved: number;
  rejected: { index: number; reason: string }[];
  /** Incident id per fingerprint of this notification. */
  incidents: Record<string, string>;
}

export type IntakeResult = { ok: true; summary: IntakeSummary } | { ok: false; reason: string };

export interface AlertIntake {
  receive(body: unknown): Promise<IntakeResult>;
  /** Pipeline listener: an anomaly incident absorbs the alert incidents it explains. */
  onIncident(incident: Incident): Promise<void>;
}

export function createAlertIntake(cfg: AlertIntakeConfig, deps: AlertIntakeDeps): AlertIntake {
  const { metrics } = deps;
  const byFingerprint = new Map<string, string>();
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
  const correlate: CorrelateConfig = { joinWindowMs: cfg.joinWindowMs ?? DEFAULT_CORRELATE.joinWindowMs, maxHops: cfg.maxHops ?? DEFAULT_CORRELATE.maxHops };

  function toAbsorbed(a: AmAlert, service: { service: string; label: string } | null, now: number): AbsorbedAlert {
    const resolved = isResolved(a, now);
    const end = endOf(a);
    return {
      fingerprint: a.fingerprint,
      alertname: a.labels.alertname ?? '(unnamed)',
      status: resolved ? 'resolved' : 'firing',
      startsAt: new Date(Date.parse(a.startsAt)).toISOString(),
      endsAt: resolved ? new Date(end ?? now).toISOString() : null,
      service: service?.service ?? null,
      mappedBy: service?.label ?? null,
      severity: a.labels.severity,
      summary: a.annotations.summary ?? a.annotations.description,
      labels: a.labels,
      notifications: 1,
    };
  }

  async function receive(body: unknown): Promise<IntakeResult> {
    const parsed = parseNotification(body);
    if (!parsed.ok) {
      metrics.refused.inc();
      return parsed;
    }
    if (parsed.rejected.length) {
      metrics.received.inc({ outcome: 'rejected' }, parsed.rejected.length);
      deps.logger.warn('alertmanager alerts rejected', { rejected: parsed.rejected.slice(0, 5), count: parsed.rejected.length });
    }
    const now = deps.clock.now();
    const starts = parsed.alerts.map((a) => Date.parse(a.startsAt));
    const from = Math.min(...starts, now) - 6 * 3_600_000;
    const graph = await deps.graph.getGraph({ from: Math.min(...starts, now) - 3_600_000, to: Math.max(...starts, 0) + 3_600_000 });
    const known = new Set(graph.nodes.map((n) => n.name));
    const candidates = (await deps.incidents.list({ since: from, limit: 500 })).filter((i) => !i.mergedInto);
    const touched = new Map<string, AbsorbedAlert[]>();
    const summary: IntakeSummary = { received: parsed.alerts.length, new: 0, repeats: 0, resolved: 0, rejected: parsed.rejected, incidents: {} };

    for (const a of parsed.alerts) {
      const match = mapAlertToNode(a.labels, cfg.serviceLabels, known);
      const alert = toAbsorbed(a, match, now);
      if (alert.status === 'resolved') summary.resolved++;
      let incidentId = byFingerprint.get(a.fingerprint) ?? candidates.find((i) => i.alerts?.some((x) => x.fingerprint === a.fingerprint))?.id;
      if (incidentId) summary.repeats++;
      else {
        summary.new++;
        const pick = pickIncident({ service: alert.service, alertname: alert.alertname, startsAtMs: Date.parse(alert.startsAt) }, candidates, graph, correlate);
        if (pick) incidentId = pick.incident.id;
        else {
          const opened = newAlertIncident(deps.newIncidentId(Date.parse(alert.startsAt)), alert, new Date(Math.max(Date.parse(alert.startsAt), Math.min(now, Date.parse(alert.startsAt) + 60_000))).toISOString());
          // Stored without the alert: the update below adds it once, as for any other incident.
          await deps.incidents.create(structuredClone(opened));
          candidates.push(opened);
          metrics.incidents.inc({ outcome: 'opened' });
          incidentId = opened.id;
        }
        // What it joined is visible to the next alert of the same notification.
        const local = candidates.find((i) => i.id === incidentId);
        if (local) absorbAlerts(local, [alert]);
      }
      byFingerprint.set(a.fingerprint, incidentId);
      summary.incidents[a.fingerprint] = incidentId;
      (touched.get(incidentId) ?? touched.set(incidentId, []).get(incidentId)!).push(alert);
    }
    metrics.received.inc({ outcome: 'new' }, summary.new);
    metrics.received.inc({ outcome: 'repeat' }, summary.repeats);
    metrics.resolved.inc(summary.resolved);

    for (const [id, alerts] of touched) {
      let joined = 0;
      let alertIncident: Incident | null = null;
      await deps.incidents.update(id, (cur) => {
        const before = new Set((cur.alerts ?? []).map((x) => x.fingerprint));
        absorbAlerts(cur, alerts);
        const added = alerts.filter((x) => !before.has(x.fingerprint));
        if (cur.kind !== 'alert') joined = added.length;
        noteAbsorbed(cur, now, added);
        settleAlertIncident(cur);
        if (cur.kind === 'alert') alertIncident = cur;
        return cur;
      });
      if (joined) metrics.incidents.inc({ outcome: 'joined' }, joined);
      if (alertIncident) await explain(alertIncident);
    }
    return { ok: true, summary };
  }

  /** An alert incident gets root causes from our telemetry around its first alert, else from the alerts. */
  async function explain(incident: Incident): Promise<void> {
    if (incident.rootCauses.length && incident.rootCauses[0]!.indicator !== 'alert') return;
    const first = (incident.alerts ?? []).find((a) => a.service);
    let causes: RootCause[] = [];
    if (first?.service) causes = await deps.rootCauses(first.service, Date.parse(first.startsAt)).catch(() => []);
    if (!causes.length) causes = causesFromAlerts(incident.alerts ?? []);
    await deps.incidents.update(incident.id, (cur) => ({ ...cur, rootCauses: causes }));
  }

  return {
    receive: (body) => serial(() => receive(body)),
    onIncident: (incident) =>
      serial(async () => {
        const folded = await foldAlertIncidents(incident, deps.incidents, correlate, deps.graph);
        for (const [fingerprint] of folded.fingerprints) byFingerprint.set(fingerprint, incident.id);
        if (folded.count) metrics.incidents.inc({ outcome: 'folded' }, folded.count);
      }),
  };
}
