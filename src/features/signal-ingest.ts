/** Resource metrics and log records → service-level window fields. */
import type { LogRecord, MetricPoint } from '../core/index.js';
import type { AggregatorState } from './aggregator-state.js';
import { ResourceAcc } from './resource-acc.js';
import { SRC, classifyMetric, isGcSource } from './resource-metrics.js';
import type { LateCounts } from './aggregator-types.js';

const WARN_MIN = 13;
const ERROR_MIN = 17;

export function ingestMetrics(st: AggregatorState, points: readonly MetricPoint[], late: LateCounts): void {
  for (const p of points) {
    const node = st.reporter(p.service);
    node.see(p.timeMs);
    const ws = st.windowStart(p.timeMs);
    if (ws < node.closedBefore) {
      if (ws < node.restoredBefore) late.replayed++;
      else late.metrics++;
      continue;
    }
    const src = classifyMetric(p);
    if (src < 0) continue;
    let delta = NaN;
    let dtMs = NaN;
    if (isGcSource(src) || src === SRC.CPU_TIME) {
      delta = st.cumulative.observe(p);
      dtMs = st.cumulative.dtMs;
    }
    const all = node.window(ws).all;
    (all.res ??= new ResourceAcc()).accept(p, src, delta, dtMs);
  }
}

export function ingestLogs(st: AggregatorState, logs: readonly LogRecord[], late: LateCounts): void {
  for (const l of logs) {
    const node = st.reporter(l.service);
    node.see(l.timeMs);
    const ws = st.windowStart(l.timeMs);
    if (ws < node.closedBefore) {
      if (ws < node.restoredBefore) late.replayed++;
      else late.logs++;
      continue;
    }
    const all = node.window(ws).all;
    all.logTotal++;
    if (l.severityNumber >= ERROR_MIN) all.logError++;
    else if (l.severityNumber >= WARN_MIN) all.logWarn++;
  }
}
