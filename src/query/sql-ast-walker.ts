/**
 * Walks every node of a parsed SELECT and returns the first violation. Nothing is skipped: the walk visits
 * every field, so a forbidden call hidden in a CTE, a LATERAL subquery, ORDER BY, a window frame or a set
 * operation is found like one in the select list. Node types outside `SAFE_NODE_TYPES` are refused.
 */
import { SAFE_NODE_TYPES } from './sql-allow-lists.js';
import { reject, type SqlRejection } from './sql-check-result.js';
import { describeSyntax } from './sql-deny-reasons.js';
import {
  checkColumnPath, checkFunction, checkOperator, checkRelation, checkSqlValueFunction, checkType, isObject,
  nameParts, type AstObject, type GuardContext,
} from './sql-node-checks.js';
import { DATA_MODIFYING, statementName } from './sql-statement-name.js';

/** Deeper trees are refused rather than risking the JavaScript stack; real analytics queries stay far below. */
const MAX_DEPTH = 1_000;

type Scope = ReadonlySet<string>;

/** Node keys are PascalCase (`SelectStmt`, `A_Const`); plain fields are camelCase or snake_case. */
const isNodeKey = (key: string): boolean => /^[A-Z]/.test(key);

export function walk(value: unknown, scope: Scope, ctx: GuardContext, depth: number): SqlRejection | undefined {
  if (depth > MAX_DEPTH) return reject('TOO_COMPLEX', `The query nests deeper than ${MAX_DEPTH} levels; simplify it.`);
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = walk(item, scope, ctx, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (!isObject(value)) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = isNodeKey(key) ? visitNode(key, child, scope, ctx, depth + 1) : visitField(key, child, scope, ctx, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function visitField(key: string, child: unknown, scope: Scope, ctx: GuardContext, depth: number): SqlRejection | undefined {
  if (key === 'intoClause') {
    return reject('SELECT_INTO', 'SELECT … INTO creates a table and is not allowed: remove the INTO clause and just SELECT.');
  }
  if (key === 'typeName') {
    const bad = checkType(child);
    if (bad) return bad;
  }
  return walk(child, scope, ctx, depth);
}

export function visitNode(type: string, body: unknown, scope: Scope, ctx: GuardContext, depth: number): SqlRejection | undefined {
  const refused = refuseNodeType(type);
  if (refused) return refused;
  const node = isObject(body) ? body : {};
  const found = checkNode(type, node, scope, ctx);
  if (found) return found;
  return type === 'SelectStmt' ? visitSelect(node, scope, ctx, depth) : walk(node, scope, ctx, depth);
}

function refuseNodeType(type: string): SqlRejection | undefined {
  if (type === 'LockingClause') {
    return reject('LOCKING_CLAUSE', 'FOR UPDATE / FOR SHARE locks rows and is not allowed in a read-only query: remove the locking clause.');
  }
  if (DATA_MODIFYING.has(type)) {
    return reject('DATA_MODIFYING_CTE', `${statementName(type)} inside a query (a data-modifying CTE) is not allowed: every WITH part must be a SELECT.`);
  }
  if (type.endsWith('Stmt') && type !== 'SelectStmt') {
    return reject('NOT_SELECT', `${statementName(type)} is not allowed inside a query: only SELECT can run.`);
  }
  if (!SAFE_NODE_TYPES.has(type)) {
    const { name, hint } = describeSyntax(type);
    return reject('FORBIDDEN_SYNTAX', `${name} is not allowed in a guarded query. ${hint}`);
  }
  return undefined;
}

function checkNode(type: string, node: AstObject, scope: Scope, ctx: GuardContext): SqlRejection | undefined {
  switch (type) {
    case 'RangeVar':
      return checkRelation(node, scope, ctx);
    case 'FuncCall':
      return checkFunction(node, ctx);
    case 'SQLValueFunction':
      return checkSqlValueFunction(node);
    case 'TypeName':
      return checkType(node);
    case 'A_Expr':
      return checkOperator(node.name);
    case 'SortBy':
      return checkOperator(node.useOp);
    case 'SubLink':
      return checkOperator(node.operName);
    case 'ColumnRef': {
      const parts = nameParts(node.fields);
      return checkColumnPath(parts.slice(1), parts.join('.'));
    }
    case 'A_Indirection': {
      const parts = nameParts(node.indirection);
      return checkColumnPath(parts, `(...).${parts.join('.')}`);
    }
    default:
      return undefined;
  }
}

/**
 * CTE names are visible only where PostgreSQL makes them visible: a non-recursive CTE sees the CTEs listed
 * before it (a same-named reference inside its own body means the real relation), a recursive WITH sees
 * all of them, and the main query sees all. Getting this wrong would let `WITH pg_authid AS (…)` unlock
 * the real catalog somewhere else in the query.
 */
function visitSelect(stmt: AstObject, scope: Scope, ctx: GuardContext, depth: number): SqlRejection | undefined {
  const { withClause, ...rest } = stmt;
  if (!isObject(withClause)) return walk(rest, scope, ctx, depth);
  if (withClause.recursive === true && !ctx.allowRecursive) {
    return reject('FORBIDDEN_SYNTAX', 'WITH RECURSIVE is disabled on this database because it cannot enforce a statement timeout. Rewrite the query without recursion.');
  }
  const ctes = Array.isArray(withClause.ctes) ? withClause.ctes : [];
  const names = ctes.map((c) => (isObject(c) && isObject(c.CommonTableExpr) ? String(c.CommonTableExpr.ctename) : ''));
  const all = new Set([...scope, ...names]);
  for (let i = 0; i < ctes.length; i++) {
    const cte = isObject(ctes[i]) ? (ctes[i] as AstObject).CommonTableExpr : undefined;
    const query = isObject(cte) && isObject(cte.ctequery) ? cte.ctequery : {};
    const kind = Object.keys(query)[0] ?? '';
    if (DATA_MODIFYING.has(kind)) {
      return reject('DATA_MODIFYING_CTE', `WITH ${names[i]} AS (${statementName(kind)} …) is a data-modifying CTE and is not allowed: every WITH part must be a SELECT.`);
    }
    const visible = withClause.recursive === true ? all : new Set([...scope, ...names.slice(0, i)]);
    const found = walk(ctes[i], visible, ctx, depth + 1);
    if (found) return found;
  }
  return walk(rest, all, ctx, depth);
}
