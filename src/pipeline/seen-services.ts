/**
 * Services known from their first accepted span, metric point or log record, before any window of theirs has
 * closed: the API, Slack and the agent list them at once and say "no closed window yet" where features are asked
 * for. In memory and bounded; after a restart the stored windows name the older services.
 */
import type { FeatureWindow, TelemetryBatch } from '../core/index.js';

/** Services tracked at most (beyond, new names wait for their first closed window, as before). */
const MAX_SERVICES = 20_000;

export interface SeenService {
  name: string;
  /** Newest event time seen from it, epoch ms. */
  lastSeen: number;
  /** Event time of its first accepted item, epoch ms. */
  firstSeen: number;
  /** A window of it closed since this process started. */
  windowClosed: boolean;
}

export class SeenServices {
  private readonly byName = new Map<string, SeenService>();

  observe(batch: TelemetryBatch): void {
    let last: SeenService | undefined;
    for (const s of batch.spans) last = this.see(last, s.service, s.startMs);
    for (const m of batch.metrics) last = this.see(last, m.service, m.timeMs);
    for (const l of batch.logs) last = this.see(last, l.service, l.timeMs);
  }

  /** Closed windows: their services now have data to show. */
  closed(rows: readonly FeatureWindow[]): void {
    let last = '';
    for (const r of rows) {
      if (r.service === last) continue;
      last = r.service;
      const s = this.byName.get(r.service);
      if (s !== undefined) s.windowClosed = true;
    }
  }

  get(name: string): SeenService | undefined {
    return this.byName.get(name);
  }

  list(): SeenService[] {
    return [...this.byName.values()];
  }

  private see(last: SeenService | undefined, name: string, t: number): SeenService | undefined {
    // Records come grouped by resource: most repeat the previous record's service.
    let s = last !== undefined && last.name === name ? last : this.byName.get(name);
    if (s === undefined) {
      if (this.byName.size >= MAX_SERVICES || name === '') return last;
      s = { name, lastSeen: t, firstSeen: t, windowClosed: false };
      this.byName.set(name, s);
    }
    if (t > s.lastSeen) s.lastSeen = t;
    if (t < s.firstSeen) s.firstSeen = t;
    return s;
  }
}
