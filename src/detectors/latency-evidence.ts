/**
 * Two checks that keep a latency rise of a service from alarming when the data cannot tell it from noise (issue 11,
 * false pages on unseen topologies). Both only ever drop an alarm; a series without the evidence alarms as before.
 *
 * - Tail-only quantiles: with n requests, about n·(1 − q) of them lie above the q-quantile. When that is fewer than
 *   `TAIL_REQUESTS` (p95 of < 60 requests, p99 of < 300), the quantile is set by one or two requests, so one slow
 *   call of a heavy-tailed callee moves it. Such a rise counts only when the median of the same window rose with it
 *   by as much as a latency alarm needs (the rule's floors) at a lower significance (`BODY_SCORE`): a fault slows
 *   most requests; a stray slow request does not move the median.
 * - Traffic mix: a service-level latency rise whose operations each stayed within their own history is a shift of
 *   traffic between fast and slow operations, not a fault (nothing got slower). Each operation is judged from
 *   `MIX_MIN_REQUESTS` requests on its own p95 and self time; the judged operations must carry most of the window's
 *   requests (`MIX_COVERAGE`), else the service-level row is the only evidence and stands.
 */
import type { FeatureName, FeatureWindow } from '../core/index.js';

/** Requests above the quantile below which a quantile is decided by too few requests to stand alone. */
export const TAIL_REQUESTS = 3;
/** The median must have risen by this many noise scales (its own robust score) to back a tail-only rise. */
export const BODY_SCORE = 2;
/** Requests of an operation's window for its latency to be judged in the mix check. */
export const MIX_MIN_REQUESTS = 5;
/** Share of the service's requests that the judged operations must carry. */
export const MIX_COVERAGE = 0.9;

const QUANTILE: Partial<Record<FeatureName, number>> = { p95Ms: 0.95, p99Ms: 0.99 };
const LATENCY: ReadonlySet<FeatureName> = new Set<FeatureName>(['p50Ms', 'p95Ms', 'p99Ms', 'selfMs']);

export function isLatency(feature: FeatureName): boolean {
  return LATENCY.has(feature);
}

/** Whether this quantile of this window rests on fewer than TAIL_REQUESTS requests above it. */
export function tailOnly(feature: FeatureName, requests: number): boolean {
  const q = QUANTILE[feature];
  return q !== undefined && requests * (1 - q) < TAIL_REQUESTS;
}

/** What the operation rows of one service window said about their latency. */
interface MixEvidence {
  /** Requests in operations judged against their own history. */
  judged: number;
  operations: number;
  /** Some operation's latency rose beyond its own noise. */
  moved: boolean;
}

/** Collects, per service window, the operations' verdicts; the service-level row then asks `explained`. */
export class MixLedger {
  private readonly windows = new Map<string, MixEvidence>();

  private key(row: FeatureWindow): string {
    return `${row.service}\u0000${row.resolution}\u0000${row.windowStart}`;
  }

  /** An operation row: `judged` when its latency could be compared with its history, `moved` when it rose. */
  note(row: FeatureWindow, judged: boolean, moved: boolean): void {
    const k = this.key(row);
    const e = this.windows.get(k) ?? { judged: 0, operations: 0, moved: false };
    if (judged) {
      e.judged += row.requests;
      e.operations++;
    }
    e.moved ||= moved;
    this.windows.set(k, e);
  }

  /** Whether a service-level latency rise of this window is explained by its operations' mix (all stayed normal). */
  explained(row: FeatureWindow): boolean {
    const e = this.windows.get(this.key(row));
    return e !== undefined && !e.moved && e.operations >= 2 && e.judged >= MIX_COVERAGE * row.requests;
  }

  /** Forget every window: a window's operation rows and its service row arrive in one batch. */
  clear(): void {
    this.windows.clear();
  }
}
