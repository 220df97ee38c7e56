/**
 * Messages of the internal partials topic (scale-out over Kafka, see README.md here):
 * - `partial`: the closed windows one raw Kafka partition's records produced (counts, sums, DDSketches: mergeable);
 * - `marker`: that raw partition has published every window starting before `closedBefore` (its event-time
 *   watermark); `idle` when it had nothing more to read, so it does not hold the merge back — as long as the raw
 *   partition's high watermark is still `readTo` (the offset it had read to): an idle mark cannot say that records
 *   arrived after it, least of all once its owner died.
 * JSON with base64 sketches: a few rows per service and minute, so size is not the concern; readability is.
 */
import type { ClosedWindows } from '../features/aggregator-types.js';

export type PartialsMessage =
  | { type: 'partial'; source: string; windowStart: number; closed: ClosedWindows }
  | { type: 'marker'; source: string; closedBefore: number; idle: boolean; readTo?: number };

type Wire = Record<string, unknown> & { sketch?: string | null };

const toWire = (rows: readonly { sketch: Uint8Array | null }[]): Wire[] =>
  rows.map((r) => ({ ...r, sketch: r.sketch === null ? null : Buffer.from(r.sketch).toString('base64') }));
const fromWire = <T>(rows: unknown): T[] => {
  if (!Array.isArray(rows)) throw new Error('partials message: rows must be an array');
  return rows.map((r: Wire) => ({ ...r, sketch: typeof r.sketch === 'string' ? new Uint8Array(Buffer.from(r.sketch, 'base64')) : null }) as T);
};

export function encodePartials(m: PartialsMessage): Buffer {
  // JSON has no -Infinity (a partition that never closed a window): null on the wire.
  if (m.type === 'marker') return Buffer.from(JSON.stringify({ ...m, closedBefore: Number.isFinite(m.closedBefore) ? m.closedBefore : null }));
  const { features, edges, nodes } = m.closed;
  return Buffer.from(JSON.stringify({ type: 'partial', source: m.source, windowStart: m.windowStart, features: toWire(features), edges: toWire(edges), nodes }));
}

export function decodePartials(value: Buffer): PartialsMessage {
  const o = JSON.parse(value.toString('utf8')) as Record<string, unknown>;
  if (typeof o.source !== 'string') throw new Error('partials message: no source');
  if (o.type === 'marker') {
    if (typeof o.closedBefore !== 'number' && o.closedBefore !== null) throw new Error('partials marker: closedBefore must be a number or null');
    if (o.readTo !== undefined && typeof o.readTo !== 'number') throw new Error('partials marker: readTo must be a number');
    return { type: 'marker', source: o.source, closedBefore: o.closedBefore ?? -Infinity, idle: o.idle === true, ...(typeof o.readTo === 'number' ? { readTo: o.readTo } : {}) };
  }
  if (o.type !== 'partial' || typeof o.windowStart !== 'number') throw new Error('partials message: unknown type');
  return {
    type: 'partial', source: o.source, windowStart: o.windowStart,
    closed: { features: fromWire(o.features), edges: fromWire(o.edges), nodes: Array.isArray(o.nodes) ? o.nodes : [] },
  };
}

/**
 * Splits closed windows by window start (the merge closes one window start at a time), in chunks of at most
 * `maxRows` rows: a busy window (many operations, each row with its sketch) must stay far below the broker's
 * 1 MB message limit; the merge adds chunks like any other partials.
 */
export function chunksByWindowStart(closed: ClosedWindows, maxRows = 200): { windowStart: number; closed: ClosedWindows }[] {
  const out: { windowStart: number; closed: ClosedWindows }[] = [];
  for (const [windowStart, c] of byWindowStart(closed)) {
    for (let i = 0; i < Math.max(c.features.length, c.edges.length, 1); i += maxRows) {
      out.push({ windowStart, closed: { features: c.features.slice(i, i + maxRows), edges: c.edges.slice(i, i + maxRows), nodes: i === 0 ? c.nodes : [] } });
    }
  }
  return out;
}

/** Splits closed windows by window start. */
export function byWindowStart(closed: ClosedWindows): Map<number, ClosedWindows> {
  const out = new Map<number, ClosedWindows>();
  const get = (ws: number) => {
    let c = out.get(ws);
    if (!c) out.set(ws, (c = { features: [], edges: [], nodes: [] }));
    return c;
  };
  for (const f of closed.features) get(f.windowStart).features.push(f);
  for (const e of closed.edges) get(e.windowStart).edges.push(e);
  // Graph nodes have no window: they ride with the newest window of the batch.
  if (closed.nodes.length && out.size) get(Math.max(...out.keys())).nodes.push(...closed.nodes);
  return out;
}
