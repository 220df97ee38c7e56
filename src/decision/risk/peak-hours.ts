/** Business peak hours in a fixed timezone offset (the seed's `is_peak_hour`: 10:00–12:00 and 14:00–16:00). */

/** `HH:MM` bounds, start inclusive, end exclusive, in the configured timezone. */
export interface PeakWindow {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

export function parseClock(text: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= 24 * 60 ? minutes : null;
}

/**
 * True when the event time falls in one of the windows. A window whose end is before its start wraps past
 * midnight (22:00–02:00). Malformed windows never match rather than throw: they are validated where configured.
 */
export function isPeakHour(eventTimeMs: number, windows: readonly PeakWindow[], utcOffsetMinutes = 0): boolean {
  const local = (((eventTimeMs + utcOffsetMinutes * 60_000) % DAY_MS) + DAY_MS) % DAY_MS;
  const minute = local / 60_000;
  return windows.some((w) => {
    const from = parseClock(w.from);
    const to = parseClock(w.to);
    if (from === null || to === null) return false;
    return from <= to ? minute >= from && minute < to : minute >= from || minute < to;
  });
}
