/** On-demand detection over stored windows (the same detector and baseline as the on-demand RCA). */
import { ALL_OPERATIONS, type DetectOutcome } from '../core/index.js';
import { createSeasonalDetector } from '../detectors/seasonal-baseline.js';
import type { OpsContext } from './context.js';

const BASELINE_MS = 2 * 3_600_000;

export async function detectNow(ctx: OpsContext, service: string | undefined, windowMs = 30 * 60_000): Promise<DetectOutcome> {
  const services = await ctx.features.listServices();
  if (service && !services.some((s) => s.name === service)) return { ok: false, message: `Unknown service "${service}". Call list_services for the exact names.` };
  if (services.length === 0) return { ok: false, message: 'No telemetry has been received yet.' };
  const latest = Math.max(...services.filter((s) => !service || s.name === service).map((s) => s.lastSeen));
  const to = latest + ctx.windowMs;
  const from = to - windowMs;
  const rows = (await ctx.features.queryRange(from - BASELINE_MS, to, '1m'))
    .filter((w) => w.operation === ALL_OPERATIONS && (!service || w.service === service))
    .sort((a, b) => a.windowStart - b.windowStart);
  const detector = createSeasonalDetector();
  detector.warm(rows.filter((w) => w.windowStart < from));
  const anomalies = detector.observe(rows.filter((w) => w.windowStart >= from));
  return { ok: true, anomalies, scope: { from: new Date(from).toISOString(), to: new Date(to).toISOString(), services: new Set(rows.map((r) => r.service)).size } };
}
