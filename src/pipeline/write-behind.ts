/**
 * Write-behind buffer for closed windows: rows are written in large batches (one upsert per table, rollups for
 * every bucket completed meanwhile, then the checkpoint) instead of a round trip per closed window. Detection runs
 * on the windows at once; only the store lags, by at most `flushIntervalMs` of wall time or `maxRows` rows, and the
 * pipeline flushes before anything reads the store (root-cause analysis) and on stop.
 * A crash loses only unflushed windows, whose data the checkpoint still marks as not yet written: a replay
 * rebuilds them, and upserts keyed by series and window never count twice.
 */
import type { Clock, EdgeWindow, FeatureStore, FeatureWindow, GraphNode, GraphStore, StateStore } from '../core/index.js';
import type { AiopsMetrics } from '../obs/metrics.js';
import type { Logger } from '../obs/logger.js';
import { writeOrQuarantine } from './quarantine.js';
import type { ClosedWindows } from '../features/window-aggregator.js';
import { completedBuckets, writeRollups } from './rollups.js';
import { timedWrite } from './timed-write.js';

export interface WriteBehindConfig {
  windowMs: number;
  flushIntervalMs: number;
  maxRows: number;
  checkpointKey: string;
}

export interface WriteBehind {
  add(closed: ClosedWindows): void;
  /** True when the buffer is due: too many rows, or the interval has passed since the last flush. */
  due(): boolean;
  /** Writes everything pending, then `checkpoint` (what the aggregator has closed so far); false when nothing was pending. */
  flush(checkpoint: Record<string, number>): Promise<boolean>;
}

export function createWriteBehind(
  cfg: WriteBehindConfig,
  deps: { features: FeatureStore; graph: GraphStore; state: StateStore; metrics: AiopsMetrics; clock: Clock; logger?: Logger },
): WriteBehind {
  let features: FeatureWindow[] = [];
  let edges: EdgeWindow[] = [];
  let nodes = new Map<string, GraphNode>();
  let lastFlush = deps.clock.now();
  let dirty = false;

  const timed = <T>(store: string, op: string, fn: () => Promise<T>) => timedWrite(deps.metrics, store, op, fn);

  /** Writes `rows` through `write`, quarantining the rows the store refuses as data (see quarantine.ts). */
  async function guarded<T>(kind: string, rows: readonly T[], write: (rows: readonly T[]) => Promise<void>, describe: (row: T) => string): Promise<void> {
    const { bad, error } = await writeOrQuarantine(rows, write);
    if (bad.length === 0) return;
    deps.metrics.rejected.inc({ signal: kind, reason: 'quarantined' }, bad.length);
    deps.logger?.error('rows quarantined: the store refused them as data; the rest of the flush was written', {
      kind, rows: bad.length, first: describe(bad[0]).slice(0, 200), error: String((error as Error)?.message ?? error).slice(0, 300),
    });
  }

  return {
    add(closed) {
      for (const w of closed.features) features.push(w);
      for (const e of closed.edges) edges.push(e);
      for (const n of closed.nodes) {
        const prev = nodes.get(n.name);
        if (!prev || prev.lastSeen <= n.lastSeen) nodes.set(n.name, n);
      }
      dirty = true;
    },
    due() {
      return dirty && (features.length + edges.length >= cfg.maxRows || deps.clock.now() - lastFlush >= cfg.flushIntervalMs);
    },
    async flush(checkpoint) {
      lastFlush = deps.clock.now();
      if (!dirty) return false;
      const [f, e, n] = [features, edges, [...nodes.values()]];
      features = [];
      edges = [];
      nodes = new Map();
      dirty = false;
      try {
        await timed('features', 'upsert', () => guarded('windows', f, (rows) => deps.features.upsertWindows(rows), (w) => `${w.service} ${w.operation} ${w.windowStart}`));
        await timed('graph', 'upsert', async () => {
          await guarded('nodes', n, (rows) => deps.graph.upsertNodes(rows), (x) => x.name);
          await guarded('edges', e, (rows) => deps.graph.upsertEdges(rows), (x) => `${x.caller} -> ${x.callee} ${x.windowStart}`);
        });
      } catch (err) {
        // The store is away (data errors were quarantined above): keep the rows for the next flush instead of
        // dropping windows the receiver already accepted. Upserts are keyed by series and window, so rows
        // written before the failure are written again, not counted twice.
        features = f.concat(features);
        edges = e.concat(edges);
        for (const node of n) if (!nodes.has(node.name)) nodes.set(node.name, node);
        dirty = true;
        throw err;
      }
      const buckets = completedBuckets({ features: f, edges: [], nodes: [] }, cfg.windowMs);
      if (buckets.length) {
        const written = await timed('features', 'rollup', () => writeRollups(buckets, deps.features));
        for (const [resolution, rows] of Object.entries(written)) deps.metrics.windowsClosed.inc({ resolution }, rows);
      }
      await timed('state', 'checkpoint', () => deps.state.put(cfg.checkpointKey, checkpoint));
      return true;
    },
  };
}
