/** Per-user token bucket: `capacity` questions at once, refilled at `perMinute`. */
import type { Clock } from '../core/index.js';

export interface RateLimiter {
  /** Takes one token; false when the user must wait. */
  take(user: string): { ok: true } | { ok: false; retryAfterMs: number };
}

export function createRateLimiter(opts: { capacity: number; perMinute: number; clock: Clock }): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const ratePerMs = opts.perMinute / 60_000;
  return {
    take(user) {
      const now = opts.clock.now();
      const b = buckets.get(user) ?? { tokens: opts.capacity, at: now };
      b.tokens = Math.min(opts.capacity, b.tokens + (now - b.at) * ratePerMs);
      b.at = now;
      buckets.set(user, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterMs: Math.ceil((1 - b.tokens) / ratePerMs) };
    },
  };
}
