/**
 * The SQL guard: accepts exactly one read-only SELECT over allowed relations, judged on PostgreSQL's own
 * parse tree (libpg-query), never on the text. Comments, `U&"…"` escapes, dollar quoting and nested comments
 * are resolved by the parser first, so a trick that hides a name from a regular expression cannot hide it here.
 */
import { hasSqlDetails, loadModule, parseSync } from 'libpg-query';
import { AiopsError } from '../core/errors.js';
import { DEFAULT_SAFE_FUNCTIONS } from './sql-allow-lists.js';
import { visitNode } from './sql-ast-walker.js';
import { reject, type SqlCheck, type SqlRejection } from './sql-check-result.js';
import { isObject, type AstObject, type GuardContext } from './sql-node-checks.js';
import type { SqlPolicy } from './sql-policy.js';
import { applyRowLimit, statementText } from './sql-row-limit.js';
import { statementName } from './sql-statement-name.js';

let loaded = false;

/** Loads the parser's WASM module once; `checkSql` needs it. Safe to call many times. */
export async function loadSqlGuard(): Promise<void> {
  if (loaded) return;
  await loadModule();
  loaded = true;
}

interface ParsedSelect {
  select: AstObject;
  statement: string;
  tables: string[];
}

/**
 * Checks `sql` against `policy`. Returns the SQL to run (row-limited) or a rejection whose message names
 * the offending element. Requires `await loadSqlGuard()` first (the parser is WASM).
 */
export function checkSql(sql: string, policy: SqlPolicy): SqlCheck {
  if (!loaded) throw new AiopsError('INTERNAL', 'checkSql() called before loadSqlGuard() resolved');
  const parsed = inspect(sql, policy);
  if ('ok' in parsed) return parsed;
  const limited = applyRowLimit(parsed.statement, parsed.select, policy.maxRows);
  if (limited.wrapped) {
    // The wrapper is text we built around user text; re-checking it proves it is still one guarded SELECT.
    const again = inspect(limited.normalized, { ...policy, maxLength: Number.MAX_SAFE_INTEGER });
    if ('ok' in again) return again;
  }
  return { ok: true, statement: parsed.statement, tables: parsed.tables, ...limited };
}

function inspect(sql: string, policy: SqlPolicy): ParsedSelect | SqlRejection {
  if (sql.length > policy.maxLength) {
    return reject('TOO_LONG', `The query is ${sql.length} characters long; the limit is ${policy.maxLength}. Write a shorter query.`);
  }
  if (sql.includes('\u0000')) return reject('NUL_BYTE', 'The query contains a NUL byte (\\0), which is not allowed. Remove it.');
  if (sql.trim() === '') return reject('EMPTY', 'The query is empty. Send one SELECT statement.');
  let stmts: unknown[];
  try {
    stmts = parseSync(sql).stmts ?? [];
  } catch (e) {
    return parseRejection(e);
  }
  if (stmts.length === 0) return reject('EMPTY', 'The query contains only comments. Send one SELECT statement.');
  const kinds = stmts.map((s) => Object.keys(isObject(s) && isObject(s.stmt) ? s.stmt : {})[0] ?? 'unknown');
  if (stmts.length > 1) {
    return reject('MULTIPLE_STATEMENTS', `Found ${stmts.length} statements (${kinds.map(statementName).join('; ')}): send exactly one SELECT, with no statement after a semicolon.`);
  }
  const raw = stmts[0] as AstObject;
  const kind = kinds[0]!;
  if (kind !== 'SelectStmt') {
    return reject('NOT_SELECT', `${statementName(kind)} is not allowed: only a single read-only SELECT (optionally with WITH … SELECT CTEs) can run.`);
  }
  const select = (raw.stmt as AstObject).SelectStmt as AstObject;
  const ctx = guardContext(policy);
  const found = walkSafely(select, ctx);
  if (found) return found;
  const statement = statementText(sql, Number(raw.stmt_location ?? 0), Number(raw.stmt_len ?? 0));
  return { select, statement, tables: [...ctx.tables].sort() };
}

/** The depth cap normally stops the walk first; a stack overflow on an exotic shape is still a rejection. */
function walkSafely(select: AstObject, ctx: GuardContext): SqlRejection | undefined {
  try {
    return visitNode('SelectStmt', select, new Set(), ctx, 0);
  } catch (e) {
    if (e instanceof RangeError) return reject('TOO_COMPLEX', 'The query is nested too deeply to check; simplify it.');
    throw e;
  }
}

function guardContext(policy: SqlPolicy): GuardContext {
  return {
    relations: new Set(policy.allowedRelations),
    functions: new Set(policy.allowedFunctions ?? DEFAULT_SAFE_FUNCTIONS),
    schema: policy.schema ?? 'public',
    allowRecursive: policy.allowRecursive ?? true,
    tables: new Set(),
  };
}

function parseRejection(e: unknown): SqlRejection {
  const message = e instanceof Error ? e.message : String(e);
  const at = hasSqlDetails(e) && e.sqlDetails?.cursorPosition !== undefined ? ` (at character ${e.sqlDetails.cursorPosition + 1})` : '';
  return reject('PARSE_ERROR', `The query is not valid PostgreSQL: ${message}${at}. Fix the syntax and send one SELECT.`);
}
