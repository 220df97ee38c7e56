/**
 * Wire time: how much longer a service's callers wait for it than it works (issue 11, a network fault missed on a
 * service that makes no calls itself). The callers' view (`CALLERS_OPERATION` row: their client spans into the
 * service) is the service's own time plus the wire; a degraded interface (delay, loss and retries) widens the gap
 * while every span of the service itself stays as it was. Both sides measure the same calls, so a shift of traffic
 * between fast and slow operations moves them together and leaves the gap alone, and a median is steady on a few
 * calls, so a low-traffic service is watched from `WIRE_MIN_REQUESTS` of them.
 */
import type { FeatureWindow } from '../core/index.js';
import type { FeatureRule } from './seasonal-config.js';

/** Calls (and the service's own requests) a window needs for its wire time to be judged. */
export const WIRE_MIN_REQUESTS = 5;
/** The gap must grow by at least this much (ms)... */
export const WIRE_MIN_MS = 10;
/** ...and by this share of the service's own median: callers waiting 40 % longer, as a latency alarm needs. */
export const WIRE_MIN_REL = 0.4;

/** Median of the callers' view less the service's own median, or null when either side is too thin to say. */
export function wireGap(service: FeatureWindow, callers: FeatureWindow): number | null {
  if (service.requests < WIRE_MIN_REQUESTS || callers.requests < WIRE_MIN_REQUESTS) return null;
  if (service.p50Ms === null || callers.p50Ms === null || !Number.isFinite(service.p50Ms) || !Number.isFinite(callers.p50Ms)) return null;
  return callers.p50Ms - service.p50Ms;
}

/**
 * The rule a gap is judged by in this window: up only, and the rise must reach WIRE_MIN_MS and WIRE_MIN_REL of the
 * service's usual median (`usualMs`: its baseline; the median now when none is known yet). The gap's own baseline is
 * near 0, so a relative floor on it would say nothing; the median now would hide a slow wire behind the calls the
 * service itself sends over it.
 */
export function wireRule(usualMs: number): FeatureRule {
  return { direction: 'up', minAbs: Math.max(WIRE_MIN_MS, WIRE_MIN_REL * usualMs), minRel: 0, needsTraffic: true, minRequests: WIRE_MIN_REQUESTS };
}
