/**
 * Groups confirmed anomalies into incidents — one per fault, not one per service — and decides when they resolve.
 * Pure: event time only (window starts from the data), no clock, no I/O. Each service has its own event clock (its
 * latest closed window): an incident is judged silent by the clocks of its own services, and anomalies that arrive
 * late (a backfill, a lagging partition) join the incident they fall inside in event time, open or resolved, so a
 * replay of part of the system beside newer data of the rest gives the incidents a live run gives.
 */
import type { Anomaly, FeatureName, Incident, ServiceGraph } from '../core/index.js';
import { createReach, type Reach } from './graph-reach.js';
import { classifySeverity, maxSeverity } from './severity.js';
import { appendTimeline } from './timeline.js';
import { absorb, addAnomalies, closeTracked, openTracked, restoreTracked, type TrackedIncident } from './tracked-incident.js';
import { byWindow, definedOnly, olderFirst } from './incident-order.js';

export interface IncidentManagerConfig {
  /** Feature window length, ms (60_000). */
  windowMs: number;
  /** An anomaly joins an open incident when within this many windows of its anomalies AND connected in the graph (or same service). */
  groupGapWindows: number;
  /** Max hops, either direction, for "connected". */
  graphHops: number;
  /** Resolved when every service of the incident has closed this many windows with no anomaly after its last one. */
  resolveAfterCleanWindows: number;
  /** Anomalies kept per incident (lowest scores dropped first, counted in the timeline). */
  maxAnomaliesKept: number;
  /**
   * A service that stops sending telemetry never closes a clean window; an incident with no anomaly at all for
   * this many windows of event time is resolved anyway (timeline names the silent services).
   */
  resolveSilentAfterWindows: number;
  /**
   * Features whose anomalies may open an incident. Others (by default a traffic change, a GC pause or error logs alone, which rise with traffic) only
   * join one that a symptom opened: more requests is not a fault until latency, errors or saturation follow.
   */
  openingFeatures: readonly FeatureName[];
  /**
   * A weak anomaly (best opening score below `strongScore`) on a single service opens an incident only after
   * `weakConfirmWindows` consecutive anomalous windows, or when a connected service is anomalous too: one service
   * drifting just past the threshold for two minutes is the commonest false alarm, a real fault is strong or spreads.
   */
  strongScore: number;
  weakConfirmWindows: number;
  /**
   * A traffic surge (throughput up at least `surgeRatio` × its baseline on a service-level row) opens an incident of its
   * own after `surgeConfirmWindows` consecutive windows: longer than a harmless burst, and what an uninstrumented
   * client (a scraper, a retry storm, a batch job) looks like when it saturates nothing yet.
   */
  surgeRatio: number;
  surgeConfirmWindows: number;
  /** Resolved incidents kept for late anomalies to join (most recent first out). */
  lateJoinKept: number;
}

export const DEFAULT_INCIDENT_CONFIG: IncidentManagerConfig = {
  windowMs: 60_000,
  groupGapWindows: 5,
  graphHops: 3,
  resolveAfterCleanWindows: 5,
  maxAnomaliesKept: 200,
  resolveSilentAfterWindows: 20,
  openingFeatures: ['errorRate', 'p50Ms', 'p95Ms', 'p99Ms', 'selfMs', 'cpu', 'memory', 'poolUse'],
  strongScore: 8,
  weakConfirmWindows: 3,
  surgeRatio: 2.5,
  surgeConfirmWindows: 3,
  lateJoinKept: 200,
};

export interface WindowReport {
  /** The service whose window closed and its window start (event time ms). */
  service: string;
  windowStart: number;
  /** Confirmed anomalies of this service for that window (may be empty = a clean window). */
  anomalies: Anomaly[];
}

/**
 * `incident` is the manager's own live record: a caller may set `rootCauses` on it and the value is kept for
 * later changes. `mergedInto` is set on the 'resolved' change of an incident absorbed by an older one.
 */
export type IncidentChange = { kind: 'opened' | 'updated' | 'resolved'; incident: Incident; mergedInto?: string };

export interface IncidentManager {
  /** Feed closed windows (any order across services; each service's own windows in order). Returns changes, each incident at most once per call. */
  update(reports: readonly WindowReport[], graph: ServiceGraph): IncidentChange[];
  /** After a restart: continue the open incidents loaded from the store (keeps ids, never duplicates them). */
  restore(open: readonly Incident[]): void;
  openIncidents(): Incident[];
}

/** How far (in silent timeouts) the newest service clock must run ahead to end an incident whose services all went quiet. */
const SILENT_LAG_FACTOR = 6;

export function createIncidentManager(cfg: Partial<IncidentManagerConfig>, deps: { newId: (openedAtMs: number) => string }): IncidentManager {
  const c: IncidentManagerConfig = { ...DEFAULT_INCIDENT_CONFIG, ...definedOnly(cfg) };
  const limits = { windowMs: c.windowMs, maxAnomaliesKept: c.maxAnomaliesKept };
  const gapMs = c.groupGapWindows * c.windowMs;
  const open = new Map<string, TrackedIncident>();
  /** Weak anomalous windows per service, waiting for confirmation before they may open an incident. */
  const weak = new Map<string, WindowReport[]>();
  /** Consecutive surging windows per service, oldest first. */
  const surging = new Map<string, WindowReport[]>();
  /** Each service's event clock: the start of its latest closed window. */
  const clocks = new Map<string, number>();
  /** Recently resolved incidents (not merged ones): late anomalies inside their span in event time join them. */
  const resolved: TrackedIncident[] = [];
  let newestClock = -Infinity;
  /**
   * An incident's clock: the newest window of its own services. When all of them went quiet, the newest clock of
   * any service still ends it, but only far behind (`SILENT_LAG_FACTOR` × the silent timeout): a lagging part of
   * the system must not be resolved by the clock of a part that runs ahead.
   */
  const clockOf = (t: TrackedIncident): number =>
    Math.max(t.latest, newestClock - (SILENT_LAG_FACTOR - 1) * c.resolveSilentAfterWindows * c.windowMs, ...[...t.services.keys()].map((s) => clocks.get(s) ?? -Infinity));

  function update(reports: readonly WindowReport[], graph: ServiceGraph): IncidentChange[] {
    const reach = createReach(graph, c.graphHops);
    const changes = new Map<string, IncidentChange>();
    const note = (t: TrackedIncident, kind: IncidentChange['kind'], mergedInto?: string) => {
      const prev = changes.get(t.incident.id);
      if (prev?.kind === 'opened' && kind === 'updated') return;
      changes.delete(t.incident.id);
      changes.set(t.incident.id, mergedInto ? { kind, incident: t.incident, mergedInto } : { kind, incident: t.incident });
    };
    // Each reporting service's clock before this update: a window at or before it was reported already (clean).
    const prior = new Map(reports.map((r) => [r.service, clocks.get(r.service) ?? -Infinity]));
    const reported = (r: WindowReport) => r.windowStart <= (prior.get(r.service) ?? -Infinity);
    for (const group of byWindow(reports)) {
      const windowStart = group[0].windowStart;
      for (const r of group) clocks.set(r.service, Math.max(clocks.get(r.service) ?? -Infinity, r.windowStart));
      newestClock = Math.max(newestClock, windowStart);
      for (const r of group) if (r.anomalies.length && !joinedLate(r, reach, note, reported)) onAnomalous(r, reach, note);
      mergeConnected(reach, windowStart + c.windowMs, changes, note);
      for (const r of group) if (!r.anomalies.length) onClean(r);
      resolveFinished(note);
    }
    for (const [id, change] of changes) {
      const t = open.get(id);
      if (t) raiseSeverity(t, graph, change.kind === 'opened');
    }
    return [...changes.values()];
  }

  function onAnomalous(r: WindowReport, reach: Reach, note: (t: TrackedIncident, k: IncidentChange['kind']) => void): void {
    const candidates = [...open.values()].filter(
      (t) => r.windowStart <= t.latest + gapMs && r.windowStart >= t.first - gapMs && t.incident.services.some((s) => reach.connected(r.service, s)),
    );
    if (!candidates.length) {
      const surge = surgeConfirmed(r);
      if (!canOpen(r.anomalies, c.openingFeatures) && !surge) return;
      const backlog = confirmedBacklog(r, reach, surge ?? []);
      if (!backlog) return;
      const [first, ...rest] = backlog;
      const t = openTracked(deps.newId(r.windowStart + c.windowMs), first!.service, first!.windowStart, first!.anomalies, limits);
      for (const w of rest) addAnomalies(t, w.service, w.windowStart, w.anomalies, limits);
      open.set(t.incident.id, t);
      note(t, 'opened');
      return;
    }
    const target = candidates.sort(olderFirst)[0];
    flagLateStrongJoin(target, r);
    addAnomalies(target, r.service, r.windowStart, r.anomalies, limits);
    note(target, 'updated');
  }

  /**
   * An anomaly that falls inside a resolved incident's span in event time (from its first anomaly less the gap to its
   * resolution) on a connected service arrived late: it joins that incident instead of opening a fragment. Only data
   * that is late: not a window this service had already reported (its clock had passed it before this update). The
   * detector confirms a window only once the next one closes, so a new fault's first window is reported clean at its
   * close — it may even complete a resolution — and comes again, anomalous, a window later: the onset of something
   * new, which must not vanish into the resolved incident (found with bench/foreign, seed 9: a deploy fault's first
   * window on load-generator and checkout joined a traffic-surge incident resolved that minute).
   */
  function joinedLate(r: WindowReport, reach: Reach, note: (t: TrackedIncident, k: IncidentChange['kind']) => void, reported: (r: WindowReport) => boolean): boolean {
    if (reported(r)) return false;
    const t = resolved.find((x) => {
      const end = Date.parse(x.incident.resolvedAt ?? '');
      return r.windowStart >= x.first - gapMs && r.windowStart + c.windowMs <= end && x.incident.services.some((s) => reach.connected(r.service, s));
    });
    if (!t) return false;
    const joining = !t.incident.services.includes(r.service);
    addAnomalies(t, r.service, r.windowStart, r.anomalies, limits);
    if (joining) appendTimeline(t.incident, Date.parse(t.incident.resolvedAt!), 'late-data', `late data: ${r.service}'s window of ${new Date(r.windowStart).toISOString()} arrived after resolution and joined`);
    note(t, 'updated');
    return true;
  }

  /**
   * A service that joins an incident long after it began (beyond the group gap) with a strong symptom of its own may
   * be a new fault beside the first (a false or lingering incident must not swallow it): the timeline says so, and
   * the pipeline re-ranks root causes on every update.
   */
  function flagLateStrongJoin(t: TrackedIncident, r: WindowReport): void {
    if (t.incident.services.includes(r.service) || r.windowStart - t.first < gapMs) return;
    const strong = r.anomalies.filter((a) => c.openingFeatures.includes(a.feature) && a.score >= c.strongScore).sort((a, b) => b.score - a.score)[0];
    if (!strong) return;
    const minutes = Math.round((r.windowStart - t.first) / 60_000);
    appendTimeline(t.incident, r.windowStart + c.windowMs, 'possible-new-fault', `${r.service} joined with a strong ${strong.feature} anomaly ${minutes} min after the incident began: possibly a new fault beside the first; root causes re-ranked`);
  }

  /** The earlier windows of a sustained surge of the service's own traffic that this window completes, or null. */
  function surgeConfirmed(r: WindowReport): WindowReport[] | null {
    const surge = r.anomalies.some((a) => a.feature === 'throughput' && a.operation === '' && a.direction === 'up' && a.baseline > 0 && a.value >= c.surgeRatio * a.baseline);
    if (!surge) {
      surging.delete(r.service);
      return null;
    }
    const prev = surging.get(r.service) ?? [];
    const run = prev.length && r.windowStart - prev[prev.length - 1]!.windowStart === c.windowMs ? [...prev, r] : [r];
    surging.set(r.service, run);
    if (run.length < c.surgeConfirmWindows) return null;
    surging.delete(r.service);
    return run.slice(0, -1);
  }

  /** The reports that open an incident now (oldest first), or null while a weak anomaly waits for confirmation. */
  function confirmedBacklog(r: WindowReport, reach: Reach, surge: readonly WindowReport[]): WindowReport[] | null {
    const strong = surge.length > 0 || r.anomalies.some((a) => c.openingFeatures.includes(a.feature) && a.score >= c.strongScore);
    const mine = weak.get(r.service) ?? [];
    if (mine.length && r.windowStart - mine[mine.length - 1]!.windowStart > c.windowMs) mine.length = 0;
    mine.push(r);
    weak.set(r.service, mine);
    const neighbours = [...weak.entries()].filter(([s, list]) => s !== r.service && reach.connected(r.service, s) && list.some((w) => Math.abs(w.windowStart - r.windowStart) <= gapMs));
    if (!strong && mine.length < c.weakConfirmWindows && neighbours.length === 0) return null;
    const earlier = surge.filter((w) => !mine.includes(w));
    const backlog = [...earlier, ...mine, ...neighbours.flatMap(([, list]) => list)].sort((a, b) => a.windowStart - b.windowStart);
    weak.delete(r.service);
    for (const [s] of neighbours) weak.delete(s);
    return backlog;
  }

  /** Two open incidents whose services are connected and whose anomalies are within the gap become one. */
  function mergeConnected(reach: Reach, at: number, changes: Map<string, IncidentChange>, note: (t: TrackedIncident, k: IncidentChange['kind'], into?: string) => void): void {
    const list = [...open.values()].sort(olderFirst);
    for (let i = 0; i < list.length; i++) {
      const target = list[i];
      if (!open.has(target.incident.id)) continue;
      for (let j = i + 1; j < list.length; j++) {
        const other = list[j];
        if (!open.has(other.incident.id) || !overlaps(target, other) || !linked(target, other, reach)) continue;
        absorb(target, other, at, limits);
        open.delete(other.incident.id);
        note(target, 'updated');
        if (changes.get(other.incident.id)?.kind === 'opened') {
          changes.delete(other.incident.id); // never published: the id simply disappears
          continue;
        }
        closeTracked(other, at, 'merged', `merged into incident ${target.incident.id}`);
        note(other, 'resolved', target.incident.id);
      }
    }
  }

  function overlaps(a: TrackedIncident, b: TrackedIncident): boolean {
    return a.first - gapMs <= b.latest && b.first - gapMs <= a.latest;
  }

  function linked(a: TrackedIncident, b: TrackedIncident, reach: Reach): boolean {
    return a.incident.services.some((s) => b.incident.services.some((o) => reach.connected(s, o)));
  }

  function onClean(r: WindowReport): void {
    weak.delete(r.service);
    surging.delete(r.service);
    for (const t of open.values()) {
      const track = t.services.get(r.service);
      if (!track || r.windowStart <= track.lastAnomaly) continue;
      track.clean++;
      if (track.clean === c.resolveAfterCleanWindows) track.cleanReachedAt = r.windowStart;
    }
  }

  function resolveFinished(note: (t: TrackedIncident, k: IncidentChange['kind']) => void): void {
    for (const t of [...open.values()]) {
      const tracks = [...t.services.values()];
      if (tracks.every((s) => s.cleanReachedAt !== null)) {
        const end = Math.max(...tracks.map((s) => s.cleanReachedAt as number)) + c.windowMs;
        closeTracked(t, end, 'resolved', `resolved: every service had ${c.resolveAfterCleanWindows} clean windows`);
      } else if (clockOf(t) - t.latest >= c.resolveSilentAfterWindows * c.windowMs) {
        const silent = [...t.services].filter(([, s]) => s.cleanReachedAt === null).map(([name]) => name);
        closeTracked(t, clockOf(t) + c.windowMs, 'resolved', `resolved: no anomaly for ${c.resolveSilentAfterWindows} windows; no clean data from ${silent.join(', ')}`);
      } else continue;
      open.delete(t.incident.id);
      resolved.unshift(t);
      if (resolved.length > c.lateJoinKept) resolved.length = c.lateJoinKept;
      note(t, 'resolved');
    }
  }

  /** Severity only rises while open; the opening entry carries the first one, later rises get their own entry. */
  function raiseSeverity(t: TrackedIncident, graph: ServiceGraph, justOpened: boolean): void {
    const inc = t.incident;
    const next = maxSeverity(inc.severity, classifySeverity({ services: inc.services, anomalies: inc.anomalies, graph }));
    if (justOpened) {
      const opened = inc.timeline?.find((e) => e.kind === 'opened');
      if (opened) opened.text = opened.text.replace(/^opened( \([a-z]+\))?/, `opened (${next})`);
    } else if (next !== inc.severity) {
      appendTimeline(inc, t.latest + c.windowMs, 'severity', `severity ${inc.severity} → ${next}`);
    }
    inc.severity = next;
  }

  return {
    update,
    restore(list) {
      for (const inc of list) {
        if (inc.status !== 'open' || open.has(inc.id)) continue;
        const t = restoreTracked(inc);
        open.set(inc.id, t);
        for (const s of t.services.keys()) clocks.set(s, Math.max(clocks.get(s) ?? -Infinity, t.latest));
        newestClock = Math.max(newestClock, t.latest);
      }
    },
    openIncidents() {
      return [...open.values()].sort(olderFirst).map((t) => restoreTracked(t.incident).incident);
    },
  };
}

/**
 * Whether a service's anomalous window may open an incident: it needs a symptom feature, and CPU saturation that
 * comes with a traffic rise in the same window is load, not a fault (it still joins an incident a symptom opened).
 */
export function canOpen(anomalies: readonly Anomaly[], openingFeatures: readonly FeatureName[]): boolean {
  const surge = anomalies.some((a) => a.feature === 'throughput' && a.direction !== 'down');
  return anomalies.some((a) => openingFeatures.includes(a.feature) && !(surge && a.feature === 'cpu'));
}
