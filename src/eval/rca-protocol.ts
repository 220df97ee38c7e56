/**
 * What `aiops eval rca` hands the method for one case, and nothing more. Modes:
 * - `detector` (default): the online detector (rca-onset.ts) reads the case minute by minute; the method gets the
 *   onset of the detector's alarm and only the rows up to onset + `after` (what the pipeline had when it first
 *   ranked). The injection time is used only to match an alarm to the fault, as `eval detect` matches incidents:
 *   the first alarm whose onset row ends no earlier than a minute before the injection (the rows' clocks are
 *   ±1 minute) is the fault's; earlier alarms are counted as false alarms. With no such alarm, the case is
 *   ranked anyway at the detector's strongest row from that minute on (said as `undetected`): an honest low-
 *   confidence answer beats none.
 * - `injected`: the exact injection time and every row after it (what RCAEval gives BARO): for comparison only.
 * `graph: false` drops the call graph (a fair comparison with BARO, which has none).
 */
import type { CausalInput } from '../rca/causal/types.js';
import { causalInputFromColumns, type ColumnsCase } from '../rca/causal/from-columns.js';
import { detectAlarms, scoreRow } from './rca-onset.js';

export type OnsetMode = 'detector' | 'injected';

export interface ProtocolOptions {
  onset: OnsetMode;
  /** Rows after the onset the method may see (detector mode). */
  after: number;
  graph: boolean;
}

export interface PreparedCase {
  input: CausalInput;
  /** Columns the method does not model (named by the reader). */
  ignored: string[];
  detection: 'alarm' | 'undetected' | 'injected';
  /** Rows the method saw, and where its onset was, relative to the first row of the fault's minute. */
  rowsSeen: number;
  onsetOffset: number;
  falseAlarms: number;
}

export function describeProtocol(o: ProtocolOptions): string {
  const graph = o.graph ? 'with the call graph (graph.csv)' : 'WITHOUT the call graph (--no-graph)';
  return o.onset === 'injected'
    ? `mode: injected onset (ORACLE, for comparison only): the method gets the exact injection time and every row after it, ${graph}`
    : `mode: detector onset: the method gets the onset the online change detector found (src/eval/rca-onset.ts) and only the rows up to onset + ${o.after} min, ${graph}; the injection time only matches an alarm to the fault`;
}

export function prepareCase(c: ColumnsCase, o: ProtocolOptions): PreparedCase {
  const timeCol = c.header.indexOf('time');
  if (timeCol < 0) throw new Error('no "time" column');
  const edges = o.graph ? c.edges : undefined;
  // The row whose minute holds the injection (row time = minute + 30 s).
  let faultRow = c.rows.findIndex((r) => r[timeCol] + 30 > c.injectTimeSec);
  if (faultRow < 0) faultRow = c.rows.length;
  if (o.onset === 'injected') {
    const { input, ignored } = causalInputFromColumns({ ...c, edges });
    return { input, ignored, detection: 'injected', rowsSeen: c.rows.length, onsetOffset: 0, falseAlarms: 0 };
  }
  const alarms = detectAlarms(c);
  const first = Math.max(0, faultRow - 1);
  const match = alarms.find((a) => a.onset >= first);
  const falseAlarms = alarms.filter((a) => a.onset < first).length;
  const onset = match?.onset ?? strongestRow(c, first);
  const cut = Math.min(c.rows.length, onset + o.after + 1);
  const rows = c.rows.slice(0, cut);
  const { input, ignored } = causalInputFromColumns({ ...c, rows, edges, injectTimeSec: c.rows[Math.min(onset, c.rows.length - 1)][timeCol] });
  // The detector's onset may be a minute late (it needs the change to pass its threshold): the method may look one row back.
  return { input: { ...input, onsetSearchBefore: 1 }, ignored, detection: match ? 'alarm' : 'undetected', rowsSeen: cut, onsetOffset: onset - faultRow, falseAlarms };
}

/** The row from `from` on with the highest detector score (no alarm there): the best guess at an onset. */
function strongestRow(c: ColumnsCase, from: number): number {
  const cols = c.header
    .map((name, j) => ({ name, j, metric: name.slice(name.lastIndexOf('_') + 1) }))
    .filter((x) => x.name !== 'time' && x.name.lastIndexOf('_') > 0);
  const normal = c.rows.map((_, i) => i < from);
  let best = Math.min(from, c.rows.length - 1);
  let bestScore = -1;
  for (let t = Math.max(from, 3); t < c.rows.length; t++) {
    const s = scoreRow(c, cols, t, normal, 3)?.score ?? 0;
    if (s > bestScore) [best, bestScore] = [t, s];
  }
  return best;
}
