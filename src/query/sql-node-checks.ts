/** Checks of single parse-tree nodes: relations, functions, casts, column paths, operators. */
import { SAFE_SQL_VALUE_FUNCTIONS, SAFE_TYPES } from './sql-allow-lists.js';
import { reject, type SqlRejection } from './sql-check-result.js';
import { functionDenyReason, looksLikeHiddenCall } from './sql-deny-reasons.js';

export type AstObject = Record<string, unknown>;

/** What the walker checks against, resolved from the policy once per query. */
export interface GuardContext {
  relations: ReadonlySet<string>;
  functions: ReadonlySet<string>;
  schema: string;
  allowRecursive: boolean;
  /** Filled while walking: allowed relations the query reads. */
  tables: Set<string>;
}

const HINT_FUNCTIONS = 'Use only aggregate, window, math, date/time, string and JSON functions (for example count, avg, percentile_cont, date_trunc, coalesce).';
const HINT_TYPES = 'Cast only to bool, int, bigint, numeric, float8, text, varchar, date, timestamp, timestamptz, interval, json, jsonb or uuid.';

export const isObject = (v: unknown): v is AstObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The `sval`s of a list of `String` nodes (qualified names, column paths). */
export function nameParts(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    const s = isObject(item) && isObject(item.String) ? item.String.sval : undefined;
    return typeof s === 'string' ? [s] : [];
  });
}

/** Quotes a name and points at characters that only look like ASCII (homoglyphs, invisible characters). */
export function showName(name: string): string {
  const odd = [...name].filter((c) => !/^[\x21-\x7e]$/.test(c));
  if (odd.length === 0) return `"${name}"`;
  const codes = odd.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  return `"${name}" (contains non-ASCII or invisible characters ${[...new Set(codes)].join(', ')})`;
}

function allowedRelationsText(ctx: GuardContext): string {
  return `Query only these documented relations: ${[...ctx.relations].sort().join(', ')}.`;
}

export function checkRelation(rv: AstObject, scope: ReadonlySet<string>, ctx: GuardContext): SqlRejection | undefined {
  const name = String(rv.relname ?? '');
  const schema = typeof rv.schemaname === 'string' ? rv.schemaname : undefined;
  const catalog = typeof rv.catalogname === 'string' ? rv.catalogname : undefined;
  const shown = [catalog, schema, name].filter((p) => p !== undefined).join('.');
  if (catalog !== undefined || (schema !== undefined && schema !== ctx.schema)) {
    return reject('FORBIDDEN_RELATION', `Relation ${showName(shown)} is not allowed: only the ${ctx.schema} schema may be named, and system catalogs (pg_catalog, information_schema) are blocked. ${allowedRelationsText(ctx)}`);
  }
  if (schema === undefined && scope.has(name)) return undefined;
  if (!ctx.relations.has(name)) {
    const why = name.startsWith('pg_') ? ' System catalogs and statistics views are blocked.' : '';
    return reject('FORBIDDEN_RELATION', `Relation ${showName(shown)} is not allowed.${why} ${allowedRelationsText(ctx)}`);
  }
  ctx.tables.add(name);
  return undefined;
}

export function checkFunction(call: AstObject, ctx: GuardContext): SqlRejection | undefined {
  const parts = nameParts(call.funcname);
  const name = parts[parts.length - 1] ?? '';
  const qualifier = parts.slice(0, -1);
  const okQualifier = qualifier.length === 0 || (qualifier.length === 1 && ['pg_catalog', ctx.schema].includes(qualifier[0]!));
  if (!okQualifier) {
    return reject('FORBIDDEN_FUNCTION', `Function ${showName(parts.join('.'))}() is not allowed: call functions without a schema. ${HINT_FUNCTIONS}`);
  }
  if (!ctx.functions.has(name)) {
    return reject('FORBIDDEN_FUNCTION', `Function ${showName(name)}() is not allowed: ${functionDenyReason(name)}. ${HINT_FUNCTIONS}`);
  }
  return undefined;
}

export function checkSqlValueFunction(node: AstObject): SqlRejection | undefined {
  const op = String(node.op ?? '');
  if (SAFE_SQL_VALUE_FUNCTIONS.has(op)) return undefined;
  const shown = op.replace(/^SVFOP_/, '').replace(/_N$/, '');
  return reject('FORBIDDEN_FUNCTION', `${shown} is not allowed: it reveals role or schema information. Only CURRENT_DATE, CURRENT_TIME, CURRENT_TIMESTAMP, LOCALTIME and LOCALTIMESTAMP may be used.`);
}

export function checkType(typeName: unknown): SqlRejection | undefined {
  if (!isObject(typeName)) return undefined;
  const parts = nameParts(typeName.names);
  const name = parts[parts.length - 1] ?? '';
  const qualifier = parts.slice(0, -1);
  const okQualifier = qualifier.length === 0 || (qualifier.length === 1 && qualifier[0] === 'pg_catalog');
  if (okQualifier && SAFE_TYPES.has(name)) return undefined;
  const why = /^reg/.test(name) ? ' (reg* types look up system catalogs by name)' : '';
  return reject('FORBIDDEN_TYPE', `Type ${showName(parts.join('.'))} is not allowed${why}. ${HINT_TYPES}`);
}

/** `t.f` and `(t).f` call `f(t)` when `f` is a function, so column paths must not name blocked functions. */
export function checkColumnPath(parts: string[], display: string): SqlRejection | undefined {
  const hidden = parts.find((p) => looksLikeHiddenCall(p));
  if (hidden === undefined) return undefined;
  return reject('FORBIDDEN_FUNCTION', `Column path ${showName(display)} is not allowed: in PostgreSQL x.${hidden} calls ${hidden}(x), and ${functionDenyReason(hidden)}. Refer to real columns of the documented relations.`);
}

/** An operator name list (`A_Expr.name`, `SortBy.useOp`, `SubLink.operName`). */
export function checkOperator(operatorName: unknown): SqlRejection | undefined {
  const parts = nameParts(operatorName);
  if (parts.length <= 1 || (parts.length === 2 && parts[0] === 'pg_catalog')) return undefined;
  return reject('FORBIDDEN_SYNTAX', `Operator ${showName(parts.join('.'))} is not allowed: write operators without a schema (=, <, +, ->>, …).`);
}
