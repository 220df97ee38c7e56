import { ALL_OPERATIONS, type FeatureWindow, type Resolution } from '../core/index.js';
import type { OpsContext, OpsResult } from './context.js';
import { knownService } from './services.js';

export type FeaturePoint = Omit<FeatureWindow, 'sketch' | 'windowStart' | 'service' | 'operation' | 'resolution'> & { windowStart: string };

export async function queryFeatures(
  ctx: OpsContext,
  q: { service: string; operation?: string; from?: number; to?: number; resolution?: Resolution },
): Promise<OpsResult<{ points: FeaturePoint[]; note?: string }>> {
  const known = await knownService(ctx, q.service);
  if (!known.ok) return known;
  const to = q.to ?? known.value.lastSeen + ctx.windowMs;
  const from = q.from ?? to - 3_600_000;
  if (!(from < to)) return { ok: false, error: { code: 'BAD_INPUT', message: `"from" must be before "to"` } };
  const rows = await ctx.features.queryWindows({ service: q.service, operation: q.operation ?? ALL_OPERATIONS, resolution: q.resolution ?? '1m', from, to });
  const points = rows.map(({ sketch: _s, service: _sv, operation: _o, resolution: _r, windowStart, ...rest }) => ({ windowStart: new Date(windowStart).toISOString(), ...rest }));
  const seen = points.length === 0 ? ctx.seen?.get(q.service) : undefined;
  if (seen && !seen.windowClosed) {
    const note = `no closed window yet: ${q.service} first sent telemetry at ${new Date(seen.firstSeen).toISOString()}; its first ${ctx.windowMs / 1000} s window closes once later data passes its end plus the allowed lateness`;
    return { ok: true, value: { points, note } };
  }
  return { ok: true, value: { points } };
}
