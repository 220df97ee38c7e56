/**
 * Alertmanager's webhook body, version 4 (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config):
 * `{version, groupKey, truncatedAlerts, status, receiver, groupLabels, commonLabels, commonAnnotations,
 * externalURL, alerts: [{status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint}]}`.
 * A bad alert is reported and counted; the good alerts of the same notification are kept.
 */
import { z } from 'zod';

const labels = z.record(z.string(), z.string());
const isoTime = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'expected an RFC 3339 time');

export const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels,
  annotations: labels.default({}),
  startsAt: isoTime,
  /** `0001-01-01T00:00:00Z` while firing. */
  endsAt: isoTime.optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1),
});
export type AmAlert = z.infer<typeof alertSchema>;

const envelope = z.object({
  version: z.literal('4'),
  groupKey: z.string().optional(),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().optional(),
  groupLabels: labels.optional(),
  commonLabels: labels.optional(),
  alerts: z.array(z.unknown()).max(10_000),
});

export type ParsedNotification =
  | { ok: true; groupKey: string; truncatedAlerts: number; alerts: AmAlert[]; rejected: { index: number; reason: string }[] }
  | { ok: false; reason: string };

export function parseNotification(body: unknown): ParsedNotification {
  const env = envelope.safeParse(body);
  if (!env.success) return { ok: false, reason: env.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') };
  const alerts: AmAlert[] = [];
  const rejected: { index: number; reason: string }[] = [];
  env.data.alerts.forEach((raw, index) => {
    const a = alertSchema.safeParse(raw);
    if (a.success) alerts.push(a.data);
    else rejected.push({ index, reason: a.error.issues.map((i) => `${i.path.join('.') || 'alert'}: ${i.message}`).join('; ') });
  });
  return { ok: true, groupKey: env.data.groupKey ?? '', truncatedAlerts: env.data.truncatedAlerts ?? 0, alerts, rejected };
}

/** Alertmanager's zero time (Go's time.Time{}) means "not ended". */
export function endOf(a: AmAlert): number | null {
  if (!a.endsAt) return null;
  const t = Date.parse(a.endsAt);
  return t <= 0 || a.endsAt.startsWith('0001-') ? null : t;
}

/** Resolved when Alertmanager says so, or when its end time has passed (a firing alert's endsAt is its expiry). */
export function isResolved(a: AmAlert, nowMs: number): boolean {
  if (a.status === 'resolved') return true;
  const end = endOf(a);
  return end !== null && end <= nowMs;
}
