/** Alerts from other monitoring (Alertmanager) as incidents carry them: one entry per alert fingerprint. */

export interface AbsorbedAlert {
  /** Alertmanager's fingerprint: the identity of an alert across repeated notifications. */
  fingerprint: string;
  alertname: string;
  status: 'firing' | 'resolved';
  /** ISO, from the alert itself. */
  startsAt: string;
  /** ISO when resolved; null while firing. */
  endsAt: string | null;
  /** Our node the labels mapped to (null: no label named a known node). */
  service: string | null;
  /** The label that named the node (`service`, `job`, `pod`…), for the reader to check the mapping. */
  mappedBy: string | null;
  severity?: string;
  summary?: string;
  labels: Record<string, string>;
  /** Notifications carrying this alert (Alertmanager repeats and regroups them). */
  notifications: number;
}

/** `anomaly`: opened by our detectors; `alert`: opened by an alert that no anomaly explained (yet). */
export type IncidentKind = 'anomaly' | 'alert';
