/** A bounded set of keys that expire: remembers requests already processed so redeliveries are dropped. */
import type { Clock } from '../core/index.js';

const MAX_KEYS = 50_000;

export function createDedupe(ttlMs: number, clock: Clock): { add(key: string): boolean; forget(key: string): void } {
  const expires = new Map<string, number>();
  return {
    /** True when the key is new (and now remembered); false when it was seen within the TTL. */
    add(key: string): boolean {
      const now = clock.now();
      const until = expires.get(key);
      if (until !== undefined && until > now) return false;
      expires.delete(key);
      expires.set(key, now + ttlMs);
      if (expires.size > MAX_KEYS) {
        // Map keeps insertion order, so the first keys are the oldest.
        for (const [k, t] of expires) if (t <= now || expires.size > MAX_KEYS) expires.delete(k);
        else break;
      }
      return true;
    },
    /** Lets a redelivery through again (the first attempt failed before it was acknowledged). */
    forget(key: string): void {
      expires.delete(key);
    },
  };
}
