/**
 * Parses one knowledge file's text: YAML, then the zod schema. Every problem becomes one `CONFIG.INVALID`
 * error whose message names the file, the path inside it (with its line) and the problem.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { AiopsError } from '../../core/index.js';

export function parseKnowledgeFile<S extends z.ZodType>(text: string, file: string, schema: S): z.output<S> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const at = e.linePos?.[0];
    throw invalid(file, `${at ? `line ${at.line}, column ${at.col}: ` : ''}${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((issue) => {
    const path = formatPath(issue.path);
    const line = lineOf(doc, lines, issue.path);
    return `${path}${line ? ` (line ${line})` : ''}: ${issue.message}`;
  });
  throw invalid(file, problems.join('; '));
}

export function invalid(file: string, problem: string): AiopsError {
  return new AiopsError('CONFIG.INVALID', `${file}: ${problem}`, { meta: { file } });
}

/** `rules[2].when.severityAtLeast`; `(root)` for the document itself. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(root)';
}

/** Line of the deepest node on `path` that exists in the document. */
function lineOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number | null {
  let node: unknown = doc.contents;
  let offset: number | null = rangeStart(node);
  for (const key of path) {
    if (!isMap(node) && !isSeq(node)) break;
    node = node.get(typeof key === 'number' ? key : String(key), true);
    if (node === undefined) break;
    offset = rangeStart(node) ?? offset;
  }
  return offset === null ? null : lines.linePos(offset).line;
}

function rangeStart(node: unknown): number | null {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : null;
}
