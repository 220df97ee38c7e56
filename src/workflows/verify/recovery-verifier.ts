/**
 * "Did the remediation work?": the anomalous features of the remediated service (of the whole incident when it
 * had none), read from the newest service-level window that closed after the change, back within
 * `tolerance`× of their onset baselines — or the incident resolved.
 */
import type { Action, Anomaly, FeatureStore, FeatureWindow, Incident } from '../../core/index.js';
import { featureValue } from '../../detectors/feature-value.js';

export interface VerifyResult {
  recovered: boolean;
  detail: string;
  evidence: string[];
}

/** Checks recovery once; the driver calls it once per window up to N times. */
export interface RecoveryVerifier {
  check(action: Action, incident: Incident | null, executedAtMs: number): Promise<VerifyResult>;
}

export interface FeatureVerifierOptions {
  windowMs: number;
  /** Value within baseline × tolerance (or ÷ for features that dropped). Default 1.5. */
  tolerance?: number;
}

/** The onset anomaly (earliest) of each (service, feature): its baseline is the pre-fault level. */
function onsets(incident: Incident): Anomaly[] {
  const by = new Map<string, Anomaly>();
  for (const a of incident.anomalies) {
    const k = `${a.service}\u0000${a.feature}`;
    const seen = by.get(k);
    if (!seen || a.windowStart < seen.windowStart) by.set(k, a);
  }
  return [...by.values()];
}

function backToBaseline(a: Anomaly, w: FeatureWindow, tol: number): { ok: boolean; line: string } {
  // Derived features (selfMs: self time per request) are not columns: read them the way the detector did, or a
  // recovered service reads "no value yet" for ever and a working fix is compensated.
  const v = featureValue(w, a.feature);
  if (v === null || v === undefined) return { ok: false, line: `${a.service} ${a.feature}: no value yet` };
  const down = a.direction === 'down';
  // A small absolute slack keeps near-zero baselines (error rate 0.001) from demanding exact zero.
  const slack = a.feature === 'errorRate' ? 0.01 : 0;
  const ok = down ? v >= a.baseline / tol - slack : v <= a.baseline * tol + slack;
  return { ok, line: `${a.service} ${a.feature} ${v.toFixed(3)} vs baseline ${a.baseline.toFixed(3)} (${ok ? 'back' : 'still off'})` };
}

export function createFeatureVerifier(features: FeatureStore, opts: FeatureVerifierOptions): RecoveryVerifier {
  const tol = opts.tolerance ?? 1.5;
  return {
    async check(action, incident, executedAtMs) {
      if (!incident) return { recovered: false, detail: 'incident not found', evidence: [] };
      if (incident.status === 'resolved') return { recovered: true, detail: `incident ${incident.id} resolved`, evidence: [] };
      // The remediated service's own features decide; the rest of the incident (callers that lag, or suffer
      // for other reasons) is judged only when the target had no anomaly of its own.
      const all = onsets(incident);
      const own = all.filter((a) => a.service === action.target.service);
      const targets = own.length ? own : all;
      if (!targets.length) return { recovered: false, detail: 'the incident lists no anomaly to compare', evidence: [] };
      const lines: string[] = [];
      let ok = true;
      for (const svc of new Set(targets.map((a) => a.service))) {
        const rows = await features.queryWindows({ service: svc, operation: '', resolution: '1m', from: executedAtMs, to: executedAtMs + 10_000 * opts.windowMs });
        const last = rows.filter((r) => r.windowStart >= executedAtMs).sort((a, b) => b.windowStart - a.windowStart)[0];
        for (const a of targets.filter((t) => t.service === svc)) {
          if (!last) {
            ok = false;
            lines.push(`${svc}: no window closed since the change`);
            continue;
          }
          const r = backToBaseline(a, last, tol);
          ok &&= r.ok;
          lines.push(r.line);
        }
      }
      return { recovered: ok, detail: ok ? `${action.target.service}: features back to baseline` : 'not yet back to baseline', evidence: lines };
    },
  };
}
