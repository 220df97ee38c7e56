/**
 * Score records of `aiops eval rca --json` and of run_rcaeval.py, read leniently (byKind may be `{kind: ac1}` or
 * `{kind: {ac1, cases}}`) and rendered as one markdown table.
 */

export interface MethodScore {
  method: string;
  cases: number;
  ac1: number;
  ac3: number;
  avg5: number;
  /** AC@1 per fault kind. */
  byKind: Record<string, number>;
  /** Cases the method raised on or timed out on (scored as misses); 0 when the producer does not report it. */
  failures: number;
  caseNames: string[];
  /** Per case: the answer, the fault kind and the top 5, when the producer lists them (for per-day tables). */
  perCase: { case: string; answer: string; kind: string; ranks: string[] }[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function num(rec: Record<string, unknown>, key: string, what: string): number {
  const v = rec[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${what}: "${key}" must be a number, got ${JSON.stringify(v)}`);
  return v;
}

export function parseMethodScore(raw: unknown, what: string): MethodScore {
  if (!isRecord(raw)) throw new Error(`${what}: expected a JSON object`);
  const method = typeof raw.method === 'string' ? raw.method : what;
  const byKind: Record<string, number> = {};
  if (isRecord(raw.byKind)) {
    for (const [kind, v] of Object.entries(raw.byKind)) {
      if (typeof v === 'number') byKind[kind] = v;
      else if (isRecord(v)) byKind[kind] = num(v, 'ac1', `${what} byKind.${kind}`);
    }
  }
  const perCase = Array.isArray(raw.perCase) ? raw.perCase : [];
  const caseNames = perCase.flatMap((c) => (isRecord(c) && typeof c.case === 'string' ? [c.case] : []));
  const cases = perCase.flatMap((c) =>
    isRecord(c) && typeof c.case === 'string' && typeof c.answer === 'string'
      ? [{ case: c.case, answer: c.answer, kind: typeof c.kind === 'string' ? c.kind : '?', ranks: Array.isArray(c.ranks) ? c.ranks.map(String) : [] }]
      : [],
  );
  const failures = typeof raw.failures === 'number' ? raw.failures : 0;
  return { method, cases: num(raw, 'cases', what), ac1: num(raw, 'ac1', what), ac3: num(raw, 'ac3', what), avg5: num(raw, 'avg5', what), byKind, failures, caseNames, perCase: cases };
}

/** The JSON after the last `RESULT ` line of a run's stdout, or the whole text when it is bare JSON. */
export function extractResultJson(stdout: string, what: string): unknown {
  const line = stdout.split('\n').reverse().find((l) => l.startsWith('RESULT '));
  const text = line ? line.slice('RESULT '.length) : stdout.trim();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what}: no RESULT line and no JSON in its output (${stdout.trim().slice(-200) || 'empty'})`);
  }
}

const pct = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(3));

export function markdownTable(rows: MethodScore[]): string {
  const kinds = [...new Set(rows.flatMap((r) => Object.keys(r.byKind)))].sort();
  const head = ['method', 'cases', 'AC@1', 'AC@3', 'Avg@5', ...kinds.map((k) => `AC@1 ${k}`), 'failed'];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`];
  for (const r of rows) {
    const cells = [r.method, String(r.cases), pct(r.ac1), pct(r.ac3), pct(r.avg5), ...kinds.map((k) => pct(r.byKind[k])), String(r.failures)];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Ours holds its own against BARO when neither AC@1 nor Avg@5 is lower. */
export function atLeast(ours: MethodScore, baseline: MethodScore): boolean {
  return ours.ac1 >= baseline.ac1 && ours.avg5 >= baseline.avg5;
}

/** Case names one side scored and the other did not (both sides list cases relative to the dataset dir). */
export function caseMismatch(a: MethodScore, b: MethodScore): string[] {
  if (a.caseNames.length === 0 || b.caseNames.length === 0) return a.cases === b.cases ? [] : [`case count ${a.cases} ≠ ${b.cases}`];
  const inA = new Set(a.caseNames);
  const inB = new Set(b.caseNames);
  return [...a.caseNames.filter((c) => !inB.has(c)).map((c) => `only ${a.method}: ${c}`), ...b.caseNames.filter((c) => !inA.has(c)).map((c) => `only ${b.method}: ${c}`)];
}

/**
 * One row per (group, method): AC@1 / AC@3 overall and per fault kind, from the methods' per-case ranks. `groupOf`
 * names a case's group (its recording day); cases without one fall in "all" only.
 */
export function groupedTable(rows: MethodScore[], groupOf: (caseName: string) => string | undefined): string {
  const kinds = [...new Set(rows.flatMap((r) => r.perCase.map((c) => c.kind)))].sort();
  const groups = ['all', ...[...new Set(rows.flatMap((r) => r.perCase.map((c) => groupOf(c.case)).filter((g): g is string => !!g)))].sort()];
  const head = ['cases', 'method', 'n', 'AC@1', 'AC@3', ...kinds.map((k) => `${k} AC@1/AC@3`)];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`];
  const at = (cs: MethodScore['perCase'], k: number) => (cs.length ? cs.filter((c) => c.ranks.slice(0, k).includes(c.answer)).length / cs.length : NaN);
  const f = (v: number) => (Number.isNaN(v) ? '–' : v.toFixed(2));
  for (const g of groups) {
    for (const r of rows) {
      const cs = r.perCase.filter((c) => g === 'all' || groupOf(c.case) === g);
      if (!cs.length) continue;
      const perKind = kinds.map((k) => {
        const ks = cs.filter((c) => c.kind === k);
        return ks.length ? `${f(at(ks, 1))}/${f(at(ks, 3))} (${ks.length})` : '–';
      });
      lines.push(`| ${[g, r.method, String(cs.length), f(at(cs, 1)), f(at(cs, 3)), ...perKind].join(' | ')} |`);
    }
  }
  return lines.join('\n');
}
