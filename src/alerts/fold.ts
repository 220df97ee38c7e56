/**
 * When our detectors open (or grow) an incident, the alert incidents it explains are folded into it: their alerts
 * move to the anomaly incident, and they are resolved with `mergedInto` (hidden from lists, kept for the record).
 */
import type { GraphStore, Incident } from '../core/index.js';
import type { AlertAwareIncidentStore } from './alert-aware-incidents.js';
import { absorbAlerts, noteAbsorbed } from './absorb.js';
import { pickIncident, type CorrelateConfig } from './correlate.js';

export async function foldAlertIncidents(
  target: Incident,
  store: AlertAwareIncidentStore,
  cfg: CorrelateConfig,
  graphStore: Pick<GraphStore, 'getGraph'>,
): Promise<{ count: number; fingerprints: Map<string, string> }> {
  const fingerprints = new Map<string, string>();
  if (target.kind === 'alert' || target.mergedInto) return { count: 0, fingerprints };
  const first = Date.parse(target.firstAnomalyAt);
  const alertIncidents = (await store.list({ since: first - 24 * 3_600_000, limit: 500 })).filter((i) => i.kind === 'alert' && !i.mergedInto && i.id !== target.id);
  if (!alertIncidents.length) return { count: 0, fingerprints };
  const graph = await graphStore.getGraph({ from: first - 3_600_000, to: first + 3_600_000 });
  let count = 0;
  for (const source of alertIncidents) {
    // Folded when its alerts, judged one by one, would have joined the target had it existed first.
    const explained = (source.alerts ?? []).filter((a) => pickIncident({ service: a.service, alertname: a.alertname, startsAtMs: Date.parse(a.startsAt) }, [target], graph, cfg));
    if (!explained.length || explained.length * 2 < (source.alerts ?? []).length) continue;
    const moved = source.alerts ?? [];
    await store.update(target.id, (cur) => {
      const before = new Set((cur.alerts ?? []).map((x) => x.fingerprint));
      absorbAlerts(cur, moved);
      noteAbsorbed(cur, Date.parse(target.openedAt), moved.filter((x) => !before.has(x.fingerprint)));
      return cur;
    });
    await store.update(source.id, (cur) => ({
      ...cur,
      status: 'resolved',
      resolvedAt: cur.resolvedAt ?? target.openedAt,
      mergedInto: target.id,
      timeline: [...(cur.timeline ?? []), { at: target.openedAt, kind: 'merged', text: `folded into ${target.id}: our telemetry explains these alerts` }],
    }));
    for (const a of moved) fingerprints.set(a.fingerprint, target.id);
    count++;
  }
  return { count, fingerprints };
}
