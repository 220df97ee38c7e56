import { DEFAULT_SAFE_FUNCTIONS } from './sql-allow-lists.js';

/**
 * What the SQL guard lets through and how the read-only executor bounds it. The guard is an allow-list:
 * anything not named here (relation, function, type, syntax) is rejected, so a PostgreSQL feature we never
 * thought about stays closed until someone opens it on purpose.
 */
export interface SqlPolicy {
  /** Relations (documented views and tables) a query may read, unqualified, as PostgreSQL stores the name. */
  allowedRelations: readonly string[];
  /** Callable functions; defaults to `DEFAULT_SAFE_FUNCTIONS`. Names are matched exactly (lower case). */
  allowedFunctions?: readonly string[];
  /** The one schema a relation may be qualified with (and the executor's search_path); default `public`. */
  schema?: string;
  /**
   * WITH RECURSIVE; default true. Turn it off where statement_timeout is not enforced (PGlite): an endless
   * recursion looks cheap to the planner, so only the timeout stops it.
   */
  allowRecursive?: boolean;
  /** Longest accepted input in characters. */
  maxLength: number;
  /** Rows returned at most; a query without a smaller LIMIT is wrapped in `LIMIT maxRows`. */
  maxRows: number;
  /** Executor: refuse a plan whose estimated `Total Cost` is above this; unset means no cost guard. */
  maxCost?: number;
  /** Executor: `SET LOCAL statement_timeout` in milliseconds (on PGlite, the sandbox worker's kill timer). */
  statementTimeoutMs?: number;
  /** Executor: most bytes of result text; rows past it are cut (`truncated`); default 4 MiB. */
  maxResultBytes?: number;
}

/**
 * The documented views (migration 0002, with column comments) and the raw tables behind them. `state_kv`,
 * `schema_migrations` and partition children are left out: they hold internal state, not telemetry.
 */
export const DOCUMENTED_RELATIONS: readonly string[] = [
  'v_service_features',
  'v_service_calls',
  'v_incidents',
  'feature_windows',
  'edge_windows',
  'graph_nodes',
  'incidents',
];

export const DEFAULT_SQL_POLICY: Readonly<SqlPolicy> = Object.freeze({
  allowedRelations: DOCUMENTED_RELATIONS,
  allowedFunctions: DEFAULT_SAFE_FUNCTIONS,
  schema: 'public',
  maxLength: 8_000,
  maxRows: 1_000,
  maxCost: 1_000_000,
  statementTimeoutMs: 5_000,
  maxResultBytes: 4 * 1024 * 1024,
});
