/**
 * Load shedding for the OTLP/HTTP receiver. Under 10x overload the receiver used to accept every request it
 * eventually read: the event loop was saturated (decoding, the pipeline's store writes), requests waited minutes
 * for an answer and clients timed out (their data then stored although they were never told: "accepted" and
 * "stored" disagreed). Refusing early with 503 + Retry-After is the OTLP-specified answer ("retryable"), costs
 * almost nothing (the body is discarded, not decoded) and keeps every answer prompt.
 * A request is shed when either holds:
 *   - more than `maxInFlight` requests are being read or handled at once;
 *   - the event loop was late by more than `maxLagMs` in the last second (measured by a timer's drift: a timer
 *     runs before the sockets of the same loop turn are read, so a long block is seen before its backlog).
 */
export interface LoadShedderOptions {
  /** Requests read or handled at once above which new ones are refused (default 64). */
  maxInFlight?: number;
  /** Event-loop delay (ms) in the last second above which new requests are refused (default 2000). */
  maxLagMs?: number;
}

export interface LoadShedder {
  /** Why a new request should be refused now, or null. */
  refuse(): 'in_flight' | 'event_loop_lag' | null;
  /** A request begins / ends (call `leave` exactly once per `enter`). */
  enter(): void;
  leave(): void;
  /** Stops the lag timer. */
  close(): void;
}

const TICK_MS = 100;
const WINDOW_MS = 1_000;

export function createLoadShedder(opts: LoadShedderOptions = {}): LoadShedder {
  const maxInFlight = opts.maxInFlight ?? 64;
  const maxLagMs = opts.maxLagMs ?? 2_000;
  let inFlight = 0;
  let expected = performance.now() + TICK_MS;
  /** Largest lateness seen and when, so one long block is remembered for WINDOW_MS after it ended. */
  let worstLag = 0;
  let worstAt = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const lag = Math.max(0, now - expected);
    expected = now + TICK_MS;
    if (lag >= worstLag || now - worstAt > WINDOW_MS) {
      worstLag = lag;
      worstAt = now;
    }
  }, TICK_MS);
  timer.unref();
  return {
    refuse() {
      if (inFlight >= maxInFlight) return 'in_flight';
      // A blocked loop has not run the timer yet: the time since it was due counts too.
      const pending = performance.now() - expected;
      const recent = performance.now() - worstAt <= WINDOW_MS ? worstLag : 0;
      return Math.max(recent, pending) > maxLagMs ? 'event_loop_lag' : null;
    },
    enter: () => void inFlight++,
    leave: () => void inFlight--,
    close: () => clearInterval(timer),
  };
}
