/** Extracts the statement text by the parser's offsets and bounds its rows with an outer LIMIT. */
import { isObject, type AstObject } from './sql-node-checks.js';

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/**
 * The statement as written, without its trailing semicolon. libpg_query reports byte offsets into the
 * UTF-8 text, so slicing a JavaScript string by them would cut non-ASCII queries in the wrong place.
 */
export function statementText(sql: string, location = 0, length = 0): string {
  const bytes = utf8.encode(sql);
  const end = length > 0 ? location + length : bytes.length;
  return fromUtf8.decode(bytes.subarray(location, end)).trim();
}

/** The constant row count of the top-level LIMIT / FETCH FIRST, or undefined when it is absent or not a plain count. */
export function constantLimit(select: AstObject): number | undefined {
  if (select.limitOption === 'LIMIT_OPTION_WITH_TIES') return undefined;
  const count = isObject(select.limitCount) ? select.limitCount.A_Const : undefined;
  if (!isObject(count) || count.isnull === true || !isObject(count.ival)) return undefined;
  const value = count.ival.ival ?? 0;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

export interface RowLimited {
  normalized: string;
  limit: number;
  wrapped: boolean;
}

/**
 * Keeps a query whose own LIMIT is at most `maxRows`; otherwise wraps it. The newlines matter: a statement
 * that ends in a `--` comment would otherwise comment out the closing parenthesis.
 */
export function applyRowLimit(statement: string, select: AstObject, maxRows: number): RowLimited {
  const cap = Math.max(0, Math.floor(maxRows));
  const own = constantLimit(select);
  if (own !== undefined && own <= cap) return { normalized: statement, limit: own, wrapped: false };
  return { normalized: `SELECT * FROM (\n${statement}\n) AS q LIMIT ${cap}`, limit: cap, wrapped: true };
}
