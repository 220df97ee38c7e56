/**
 * The manager's working state of one open incident: the published `Incident` record plus, per service, the
 * latest anomalous window and the clean windows seen since (what resolution is decided from).
 */
import type { Anomaly, Incident } from '../core/index.js';
import { describeAnomalies } from './anomaly-text.js';
import { appendTimeline } from './timeline.js';

export interface ServiceTrack {
  /** Start (ms) of the service's latest anomalous window. */
  lastAnomaly: number;
  /** Clean windows of the service closed after `lastAnomaly`. */
  clean: number;
  /** Start (ms) of the clean window that completed the resolve count, null before. */
  cleanReachedAt: number | null;
}

export interface TrackedIncident {
  incident: Incident;
  /** Start (ms) of the earliest and latest anomalous window of any service. */
  first: number;
  latest: number;
  services: Map<string, ServiceTrack>;
  droppedAnomalies: number;
}

export interface Limits {
  windowMs: number;
  maxAnomaliesKept: number;
}

export function openTracked(id: string, service: string, windowStart: number, anomalies: readonly Anomaly[], limits: Limits): TrackedIncident {
  const openedAt = windowStart + limits.windowMs;
  const t: TrackedIncident = {
    incident: {
      id,
      status: 'open',
      severity: 'low',
      openedAt: new Date(openedAt).toISOString(),
      firstAnomalyAt: new Date(windowStart).toISOString(),
      resolvedAt: null,
      services: [],
      rootCauses: [],
      anomalies: [],
      timeline: [],
    },
    first: windowStart,
    latest: windowStart,
    services: new Map(),
    droppedAnomalies: 0,
  };
  appendTimeline(t.incident, openedAt, 'opened', `opened by ${describeAnomalies(anomalies)}`);
  addAnomalies(t, service, windowStart, anomalies, limits, true);
  return t;
}

/** Adds one service window of anomalies; notes a service that joins (not for the one that opened it). */
export function addAnomalies(t: TrackedIncident, service: string, windowStart: number, anomalies: readonly Anomaly[], limits: Limits, opening = false): void {
  const inc = t.incident;
  if (!inc.services.includes(service)) {
    inc.services.push(service);
    if (!opening) appendTimeline(inc, windowStart + limits.windowMs, 'service-joined', `${service} joined: ${describeAnomalies(anomalies)}`);
  }
  const track = t.services.get(service);
  if (!track || windowStart >= track.lastAnomaly) {
    t.services.set(service, { lastAnomaly: windowStart, clean: 0, cleanReachedAt: null });
  }
  upsertAnomalies(inc, anomalies);
  t.first = Math.min(t.first, windowStart);
  t.latest = Math.max(t.latest, windowStart);
  inc.firstAnomalyAt = new Date(t.first).toISOString();
  trimAnomalies(t, limits);
}

/** Moves everything of `other` into `target` (the older incident, whose id survives). */
export function absorb(target: TrackedIncident, other: TrackedIncident, at: number, limits: Limits): void {
  const from = other.incident;
  appendTimeline(target.incident, at, 'merged', `merged incident ${from.id} (${from.services.join(', ')})`);
  for (const s of from.services) if (!target.incident.services.includes(s)) target.incident.services.push(s);
  for (const [s, track] of other.services) {
    const mine = target.services.get(s);
    if (!mine || track.lastAnomaly > mine.lastAnomaly) target.services.set(s, { ...track });
    else if (track.lastAnomaly === mine.lastAnomaly && track.clean < mine.clean) target.services.set(s, { ...track });
  }
  upsertAnomalies(target.incident, from.anomalies);
  target.first = Math.min(target.first, other.first);
  target.latest = Math.max(target.latest, other.latest);
  target.droppedAnomalies += other.droppedAnomalies;
  target.incident.firstAnomalyAt = new Date(target.first).toISOString();
  trimAnomalies(target, limits);
}

export function closeTracked(t: TrackedIncident, at: number, kind: string, text: string): void {
  t.incident.status = 'resolved';
  t.incident.resolvedAt = new Date(at).toISOString();
  appendTimeline(t.incident, at, kind, text);
}

/** Rebuilds the working state of an open incident loaded from the store. */
export function restoreTracked(stored: Incident): TrackedIncident {
  const incident: Incident = {
    ...stored,
    services: [...stored.services],
    rootCauses: stored.rootCauses.map((r) => ({ ...r, evidence: [...r.evidence] })),
    anomalies: stored.anomalies.map((a) => ({ ...a })),
    timeline: (stored.timeline ?? []).map((e) => ({ ...e })),
  };
  const first = Date.parse(stored.firstAnomalyAt);
  const perService = new Map<string, number>();
  for (const a of incident.anomalies) {
    const start = Date.parse(a.windowStart);
    perService.set(a.service, Math.max(perService.get(a.service) ?? start, start));
  }
  const latest = Math.max(first, ...perService.values());
  const services = new Map<string, ServiceTrack>();
  for (const s of incident.services) services.set(s, { lastAnomaly: perService.get(s) ?? latest, clean: 0, cleanReachedAt: null });
  return { incident, first, latest, services, droppedAnomalies: 0 };
}

const anomalyKey = (a: Anomaly) => `${a.service}\u0000${a.operation}\u0000${a.feature}\u0000${a.windowStart}`;

function upsertAnomalies(inc: Incident, list: readonly Anomaly[]): void {
  const index = new Map(inc.anomalies.map((a, i) => [anomalyKey(a), i]));
  for (const a of list) {
    const at = index.get(anomalyKey(a));
    if (at === undefined) {
      index.set(anomalyKey(a), inc.anomalies.length);
      inc.anomalies.push({ ...a });
    } else inc.anomalies[at] = { ...a };
  }
}

/**
 * Keeps at most `maxAnomaliesKept`: the lowest scores go first (later windows first on ties); the strongest
 * anomaly of each service's first anomalous window goes last, because root-cause ranking needs the onset order.
 */
function trimAnomalies(t: TrackedIncident, limits: Limits): void {
  const inc = t.incident;
  const excess = inc.anomalies.length - limits.maxAnomaliesKept;
  if (excess <= 0) return;
  const onset = new Map<string, Anomaly>();
  for (const a of inc.anomalies) {
    const o = onset.get(a.service);
    if (!o || a.windowStart < o.windowStart || (a.windowStart === o.windowStart && a.score > o.score)) onset.set(a.service, a);
  }
  const keep = new Set(onset.values());
  const droppable = [...inc.anomalies].sort(
    (a, b) => Number(keep.has(a)) - Number(keep.has(b)) || a.score - b.score || (a.windowStart < b.windowStart ? 1 : a.windowStart > b.windowStart ? -1 : 0),
  );
  const drop = new Set(droppable.slice(0, excess));
  inc.anomalies = inc.anomalies.filter((a) => !drop.has(a));
  t.droppedAnomalies += drop.size;
  const text = `${t.droppedAnomalies} lower-score anomalies dropped (keeping ${limits.maxAnomaliesKept})`;
  const note = inc.timeline?.find((e) => e.kind === 'anomalies-trimmed');
  if (note) note.text = text;
  else appendTimeline(inc, t.latest + limits.windowMs, 'anomalies-trimmed', text);
}
