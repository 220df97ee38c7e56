/**
 * Deployments from telemetry: a span whose resource reports a revision (service.version, k8s.replicaset.name)
 * that its service has not shown for `quietMs` is a deployment at that span's event time. During a rolling update
 * old and new revisions report side by side: only the first sight of the new one counts, and the old one coming
 * back while it still reports is no event; a rollback to a revision gone quiet is one. A service's first revision
 * is its baseline, not a deployment. State is a few entries per service (pruned when they go quiet).
 */
import type { ChangeEvent } from '../core/changes.js';
import type { SpanRecord } from '../core/telemetry.js';

export interface DeploymentTrackerOptions {
  /** A revision unseen this long counts as new when it reports again (default 15 min). */
  quietMs?: number;
  /** Services tracked at most; beyond, new services are ignored (default 50 000). */
  maxServices?: number;
}

interface Revision {
  label: string;
  lastSeen: number;
}

interface ServiceRevisions {
  current: string;
  revisions: Map<string, Revision>;
}

export function revisionLabel(version: string | undefined, replicaSet: string | undefined): string {
  if (version !== undefined && replicaSet !== undefined) return `${version} (${replicaSet})`;
  return version ?? replicaSet ?? '';
}

export class DeploymentTracker {
  private readonly services = new Map<string, ServiceRevisions>();
  private readonly quietMs: number;
  private readonly maxServices: number;
  /** The revision the latest `see` touched (undefined when its service is not tracked). */
  private lastRev: Revision | undefined;

  constructor(opts: DeploymentTrackerOptions = {}) {
    this.quietMs = opts.quietMs ?? 15 * 60_000;
    this.maxServices = opts.maxServices ?? 50_000;
  }

  /** The deployments these spans reveal, in the order seen. */
  observe(spans: readonly SpanRecord[]): ChangeEvent[] {
    const out: ChangeEvent[] = [];
    let prev: SpanRecord | undefined;
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i];
      if (s.serviceVersion === undefined && s.serviceRevision === undefined) continue;
      // Spans come grouped by resource: most repeat the previous span's identity and need only a clock bump.
      if (prev !== undefined && prev.service === s.service && prev.serviceVersion === s.serviceVersion && prev.serviceRevision === s.serviceRevision) {
        if (this.lastRev !== undefined && s.startMs > this.lastRev.lastSeen) this.lastRev.lastSeen = s.startMs;
        continue;
      }
      prev = s;
      const e = this.see(s);
      if (e !== null) out.push(e);
    }
    return out;
  }

  private see(s: SpanRecord): ChangeEvent | null {
    const key = `${s.serviceVersion ?? ''}\u0000${s.serviceRevision ?? ''}`;
    const t = s.startMs;
    let svc = this.services.get(s.service);
    this.lastRev = undefined;
    if (svc === undefined) {
      if (this.services.size >= this.maxServices) return null;
      this.lastRev = { label: revisionLabel(s.serviceVersion, s.serviceRevision), lastSeen: t };
      svc = { current: key, revisions: new Map([[key, this.lastRev]]) };
      this.services.set(s.service, svc);
      return null;
    }
    const rev = svc.revisions.get(key);
    this.lastRev = rev;
    if (rev !== undefined && (key === svc.current || t - rev.lastSeen < this.quietMs)) {
      if (t > rev.lastSeen) rev.lastSeen = t;
      return null;
    }
    // Spans older than what a revision last showed (out of order) are no rollout.
    if (rev !== undefined && t <= rev.lastSeen) return null;
    const previous = svc.revisions.get(svc.current);
    const label = revisionLabel(s.serviceVersion, s.serviceRevision);
    this.lastRev = { label, lastSeen: t };
    svc.revisions.set(key, this.lastRev);
    svc.current = key;
    this.prune(svc, t);
    return { service: s.service, version: label, ...(previous ? { previousVersion: previous.label } : {}), at: Math.floor(t) };
  }

  /** Revisions quiet for four quiet periods are forgotten (a return after that is still a deployment). */
  private prune(svc: ServiceRevisions, now: number): void {
    for (const [k, r] of svc.revisions) if (k !== svc.current && now - r.lastSeen > 4 * this.quietMs) svc.revisions.delete(k);
  }
}
