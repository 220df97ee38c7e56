/** Calls `fn` at most once per `ms` with the latest value, and once more at the end (`flush`), for Slack edits. */
export function throttle<T>(fn: (v: T) => void, ms: number, now: () => number = Date.now): { push(v: T): void; flush(): void } {
  let last = -Infinity;
  let pending: { v: T } | undefined;
  return {
    push(v) {
      pending = { v };
      if (now() - last >= ms) {
        last = now();
        fn(v);
        pending = undefined;
      }
    },
    flush() {
      if (pending) fn(pending.v);
      pending = undefined;
    },
  };
}
