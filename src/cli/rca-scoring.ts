/** Benchmark scoring as RCAEval's coarse-grained (service-level) accuracy: AC@k and Avg@5 over cases. */

export interface CaseOutcome {
  case: string;
  answer: string;
  kind: string;
  /** Ranked nodes, best first (top 5 kept). */
  ranks: string[];
  /** The fault class the method named for its top cause, when it names one. */
  predictedType?: string;
  ms?: number;
  reason?: string;
  /** Recording day (source.json), for per-day results. */
  day?: string;
  /** How the onset was found (eval rca's protocol) and the detector's false alarms before this fault. */
  detection?: 'alarm' | 'undetected' | 'injected';
  falseAlarms?: number;
}

export interface RcaScore {
  cases: number;
  ac1: number;
  ac3: number;
  avg5: number;
  acAt: number[];
  byKind: Record<string, { cases: number; ac1: number; ac3: number }>;
  /** Share of cases whose top cause is right AND whose fault class matches the injected one. */
  typeAccuracy?: number;
}

/** Our fault classes per benchmark fault name (ours and RCAEval's). */
const TYPE_OF_FAULT: Record<string, string> = {
  latency: 'latency',
  errors: 'errors',
  cpu: 'cpu',
  memory: 'memory',
  mem: 'memory',
  db: 'database',
  network: 'network',
  delay: 'network',
  loss: 'network',
  traffic: 'traffic',
};

export function scoreOutcomes(outcomes: readonly CaseOutcome[]): RcaScore {
  const n = outcomes.length;
  const hitAt = (o: CaseOutcome, k: number) => o.ranks.slice(0, k).includes(o.answer);
  const acAt = [1, 2, 3, 4, 5].map((k) => (n ? outcomes.filter((o) => hitAt(o, k)).length / n : 0));
  const byKind: RcaScore['byKind'] = {};
  for (const kind of [...new Set(outcomes.map((o) => o.kind))].sort()) {
    const os = outcomes.filter((o) => o.kind === kind);
    byKind[kind] = { cases: os.length, ac1: ratio(os.filter((o) => hitAt(o, 1)).length, os.length), ac3: ratio(os.filter((o) => hitAt(o, 3)).length, os.length) };
  }
  const typed = outcomes.filter((o) => o.predictedType !== undefined && TYPE_OF_FAULT[o.kind] !== undefined);
  const typeAccuracy = typed.length ? ratio(typed.filter((o) => hitAt(o, 1) && o.predictedType === TYPE_OF_FAULT[o.kind]).length, typed.length) : undefined;
  return { cases: n, ac1: acAt[0], ac3: acAt[2], avg5: acAt.reduce((a, b) => a + b, 0) / 5, acAt, byKind, typeAccuracy };
}

function ratio(a: number, b: number): number {
  return b ? a / b : 0;
}
