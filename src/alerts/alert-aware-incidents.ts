/**
 * The incident store the app hands to the pipeline and to the alert intake. The pipeline saves whole incidents
 * from its own memory, which never holds alerts; this store keeps the absorbed alerts across those saves, and
 * serializes every write so an alert update never interleaves with a pipeline save (no lost update).
 */
import type { AbsorbedAlert, Incident, IncidentKind, IncidentStore } from '../core/index.js';

export interface AlertAwareIncidentStore extends IncidentStore {
  /** Reads, changes and writes one incident with no other save in between; null when there is no such incident. */
  update(id: string, change: (current: Incident) => Incident): Promise<Incident | null>;
  /** Writes a new incident owned by the intake (an alert incident). */
  create(incident: Incident): Promise<void>;
}

export function createAlertAwareIncidents(inner: IncidentStore): AlertAwareIncidentStore {
  /** What the intake last wrote per incident: authoritative while this process runs. */
  const owned = new Map<string, { alerts: AbsorbedAlert[]; kind: IncidentKind | undefined }>();
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
  const remember = (i: Incident) => owned.set(i.id, { alerts: i.alerts ?? [], kind: i.kind });

  return {
    save(incident) {
      return serial(async () => {
        let doc = incident;
        const mine = owned.get(incident.id);
        if (mine) doc = { ...incident, alerts: mine.alerts, kind: mine.kind ?? incident.kind };
        else {
          // After a restart the alerts are only in the stored document: keep them.
          const prev = await inner.get(incident.id);
          if (prev?.alerts?.length) {
            remember(prev);
            doc = { ...incident, alerts: prev.alerts, kind: prev.kind ?? incident.kind };
          }
        }
        await inner.save(doc);
      });
    },
    get: (id) => inner.get(id),
    list: (q) => inner.list(q),
    update(id, change) {
      return serial(async () => {
        const cur = await inner.get(id);
        if (!cur) return null;
        const next = change(cur);
        remember(next);
        await inner.save(next);
        return next;
      });
    },
    create(incident) {
      return serial(async () => {
        remember(incident);
        await inner.save(incident);
      });
    },
  };
}
