/**
 * Reads benchmark cases in RCAEval's layout: any directory holding `data.csv` and `inject_time.txt`; the label
 * `<root>_<fault>` is the directory's name, or its parent's when the directory is a repetition number
 * (`checkoutservice_cpu/1/`). Our simulator adds `graph.csv` (caller,callee,calls[,callee_kind]) — RCAEval's
 * cases have none, and the method then ranks without propagation.
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { NodeKind } from '../core/index.js';
import type { ColumnsCase } from '../rca/causal/from-columns.js';

export interface DatasetCase extends ColumnsCase {
  /** Path relative to the dataset root. */
  id: string;
  root: string;
  fault: string;
  /** Cells that are neither empty nor a number: read as missing, and said (first one named). */
  badCells: { count: number; first?: string };
  /** The recording's day when the case's optional `source.json` names one (`{"day": "2022-08-22"}`): results are reported per day. */
  day?: string;
}

/** Case directories under `dir`, sorted, at any depth. */
export function findCases(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`dataset directory "${dir}" does not exist`);
  const out: string[] = [];
  const visit = (d: string) => {
    const entries = readdirSync(d, { withFileTypes: true });
    if (entries.some((e) => e.name === 'data.csv') && entries.some((e) => e.name === 'inject_time.txt')) out.push(d);
    for (const e of entries) if (e.isDirectory()) visit(join(d, e.name));
  };
  visit(dir);
  return out.sort();
}

export function labelOf(caseDir: string): { root: string; fault: string } {
  const name = /^\d+$/.test(basename(caseDir)) ? basename(dirname(caseDir)) : basename(caseDir);
  const cut = name.lastIndexOf('_');
  if (cut <= 0) throw new Error(`case "${caseDir}": directory name "${name}" is not <root>_<fault>`);
  return { root: name.slice(0, cut), fault: name.slice(cut + 1) };
}

export function readCase(root: string, caseDir: string): DatasetCase {
  const { root: answer, fault } = labelOf(caseDir);
  const raw = readFileSync(join(caseDir, 'inject_time.txt'), 'utf8').trim();
  const injectTimeSec = Number(raw);
  if (!Number.isFinite(injectTimeSec)) throw new Error(`case "${caseDir}": inject_time.txt holds "${raw.slice(0, 40)}", not unix seconds`);
  const records = parse(readFileSync(join(caseDir, 'data.csv')), { skip_empty_lines: true }) as string[][];
  if (records.length < 2) throw new Error(`case "${caseDir}": data.csv has no rows`);
  const [header, ...body] = records;
  const badCells: DatasetCase['badCells'] = { count: 0 };
  const rows = body.map((r, i) =>
    header.map((col, j) => {
      const cell = r[j];
      if (cell === undefined || cell === '') return NaN;
      const v = Number(cell);
      if (!Number.isFinite(v)) {
        badCells.count++;
        badCells.first ??= `row ${i + 2}, column ${col}: "${cell.slice(0, 20)}"`;
      }
      return v;
    }),
  );
  return { id: relative(root, caseDir) || '.', root: answer, fault, header, rows, injectTimeSec, edges: readGraph(caseDir), badCells, day: readDay(caseDir) };
}

function readDay(caseDir: string): string | undefined {
  const path = join(caseDir, 'source.json');
  if (!existsSync(path)) return undefined;
  try {
    const day = (JSON.parse(readFileSync(path, 'utf8')) as { day?: unknown }).day;
    return typeof day === 'string' && day !== '' ? day : undefined;
  } catch {
    return undefined; // provenance only: a broken source.json does not stop the case from being scored
  }
}

function readGraph(caseDir: string): DatasetCase['edges'] {
  const path = join(caseDir, 'graph.csv');
  if (!existsSync(path)) return undefined;
  const rows = parse(readFileSync(path), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows
    .filter((r) => r.caller && r.callee)
    .map((r) => ({ from: r.caller, to: r.callee, calls: r.calls === undefined || r.calls === '' ? undefined : Number(r.calls), calleeKind: toKind(r.callee_kind ?? r.calleeKind) }));
}

function toKind(s: string | undefined): NodeKind | undefined {
  return s === 'database' || s === 'external' || s === 'service' ? s : undefined;
}
