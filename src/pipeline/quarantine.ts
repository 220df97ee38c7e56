/**
 * A bad row must never fail a whole flush: one NUL byte in a service name once made every flush fail and lost the
 * other services' windows of the batch. When a batch write fails with a data error (SQLSTATE class 22 data
 * exception, 23 integrity violation, 54 program limit — errors that retrying cannot fix), the batch is split in
 * halves and retried until the rows that fail alone are found; those are quarantined (counted, logged once per
 * flush) and every other row is written. Any other error (the store is down) propagates unchanged, so nothing is
 * quarantined because of an outage.
 */

const DATA_ERROR_CLASSES = new Set(['22', '23', '54']);

/** True for errors that say "this data cannot be stored", looking through `cause` chains. */
export function isDataError(e: unknown): boolean {
  for (let cur = e, depth = 0; cur !== null && typeof cur === 'object' && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && DATA_ERROR_CLASSES.has(code.slice(0, 2))) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

/** Writes `rows`, isolating rows that fail with a data error; returns those rows with the first error. */
export async function writeOrQuarantine<T>(rows: readonly T[], write: (rows: readonly T[]) => Promise<void>): Promise<{ bad: T[]; error?: unknown }> {
  const bad: T[] = [];
  let first: unknown;
  const attempt = async (part: readonly T[]): Promise<void> => {
    if (part.length === 0) return;
    try {
      await write(part);
    } catch (e) {
      if (!isDataError(e)) throw e;
      if (part.length === 1) {
        bad.push(part[0]);
        first ??= e;
        return;
      }
      const mid = part.length >> 1;
      await attempt(part.slice(0, mid));
      await attempt(part.slice(mid));
    }
  };
  await attempt(rows);
  return first === undefined ? { bad } : { bad, error: first };
}
