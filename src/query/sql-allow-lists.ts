/**
 * The allow-lists behind the SQL guard. Each entry is something an analytics question over our views needs;
 * nothing here can write, sleep, read files, reach the network, change settings or reveal other relations.
 * Functions that allocate without bound from a small input (repeat, lpad, rpad) are left out on purpose.
 */

const AGGREGATES = [
  'count', 'sum', 'avg', 'min', 'max', 'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop',
  'var_samp', 'percentile_cont', 'percentile_disc', 'mode', 'array_agg', 'string_agg', 'json_agg',
  'jsonb_agg', 'json_object_agg', 'jsonb_object_agg', 'bool_and', 'bool_or', 'every', 'corr', 'covar_pop',
  'covar_samp', 'regr_slope', 'regr_intercept', 'regr_r2', 'regr_count', 'regr_avgx', 'regr_avgy',
  'first', 'last', 'any_value',
];

const WINDOW = [
  'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead', 'first_value',
  'last_value', 'nth_value',
];

const MATH = [
  'abs', 'ceil', 'ceiling', 'floor', 'round', 'trunc', 'sqrt', 'cbrt', 'power', 'pow', 'exp', 'ln', 'log',
  'log10', 'mod', 'sign', 'div', 'pi', 'degrees', 'radians', 'width_bucket', 'greatest', 'least', 'scale',
  'num_nulls', 'num_nonnulls',
];

const DATE_TIME = [
  'now', 'date_trunc', 'date_part', 'extract', 'date_bin', 'age', 'to_char', 'to_timestamp', 'to_date',
  'make_interval', 'make_date', 'make_time', 'make_timestamp', 'make_timestamptz', 'timezone',
  'justify_days', 'justify_hours', 'justify_interval', 'isfinite', 'statement_timestamp',
  'transaction_timestamp', 'clock_timestamp', 'time_bucket', 'generate_series',
];

const STRING = [
  'lower', 'upper', 'initcap', 'length', 'char_length', 'character_length', 'octet_length', 'substr',
  'substring', 'position', 'strpos', 'replace', 'split_part', 'concat', 'concat_ws', 'left', 'right', 'btrim',
  'ltrim', 'rtrim', 'trim', 'starts_with', 'reverse', 'format', 'regexp_replace', 'regexp_match',
  'regexp_matches', 'regexp_like', 'regexp_count', 'regexp_substr', 'md5', 'to_number', 'nullif',
];

const JSON_ARRAY = [
  'json_extract_path', 'json_extract_path_text', 'jsonb_extract_path', 'jsonb_extract_path_text',
  'json_array_elements', 'json_array_elements_text', 'jsonb_array_elements', 'jsonb_array_elements_text',
  'json_each', 'json_each_text', 'jsonb_each', 'jsonb_each_text', 'json_object_keys', 'jsonb_object_keys',
  'json_array_length', 'jsonb_array_length', 'json_typeof', 'jsonb_typeof', 'to_json', 'to_jsonb',
  'json_build_object', 'jsonb_build_object', 'json_build_array', 'jsonb_build_array', 'row_to_json',
  'array_length', 'array_position', 'array_to_string', 'array_remove', 'array_append', 'cardinality', 'unnest',
];

/** Functions a guarded query may call, by category (the README lists them the same way). */
export const SAFE_FUNCTION_GROUPS: Readonly<Record<string, readonly string[]>> = {
  aggregates: AGGREGATES,
  window: WINDOW,
  math: MATH,
  'date/time': DATE_TIME,
  string: STRING,
  'json/array': JSON_ARRAY,
};

export const DEFAULT_SAFE_FUNCTIONS: readonly string[] = Object.values(SAFE_FUNCTION_GROUPS).flat();

/**
 * Type names a cast may name (last part of the name; the parser writes `integer` as `pg_catalog.int4`).
 * `reg*` types are left out: casting text to regclass or regproc looks up catalogs by name.
 */
export const SAFE_TYPES: ReadonlySet<string> = new Set([
  'bool', 'boolean', 'int2', 'int4', 'int8', 'smallint', 'integer', 'int', 'bigint', 'float4', 'float8',
  'real', 'numeric', 'decimal', 'text', 'varchar', 'bpchar', 'char', 'date', 'time', 'timetz', 'timestamp',
  'timestamptz', 'interval', 'json', 'jsonb', 'uuid',
]);

/** SQL-syntax value functions that only read the clock (CURRENT_USER and friends reveal roles). */
export const SAFE_SQL_VALUE_FUNCTIONS: ReadonlySet<string> = new Set([
  'SVFOP_CURRENT_DATE', 'SVFOP_CURRENT_TIME', 'SVFOP_CURRENT_TIME_N', 'SVFOP_CURRENT_TIMESTAMP',
  'SVFOP_CURRENT_TIMESTAMP_N', 'SVFOP_LOCALTIME', 'SVFOP_LOCALTIME_N', 'SVFOP_LOCALTIMESTAMP',
  'SVFOP_LOCALTIMESTAMP_N',
]);

/**
 * Parse-tree node types that may appear anywhere in an accepted query. `SelectStmt`, `RangeVar`, `FuncCall`,
 * `SQLValueFunction`, `TypeCast`, `ColumnRef`, `A_Indirection` and `A_Expr` get extra checks in the walker.
 */
export const SAFE_NODE_TYPES: ReadonlySet<string> = new Set([
  'SelectStmt', 'ResTarget', 'ColumnRef', 'A_Star', 'A_Const', 'A_Expr', 'BoolExpr', 'FuncCall', 'TypeCast',
  'TypeName', 'RangeVar', 'RangeSubselect', 'RangeFunction', 'JoinExpr', 'SortBy', 'WindowDef',
  'CommonTableExpr', 'SubLink', 'CaseExpr', 'CaseWhen', 'CoalesceExpr', 'MinMaxExpr', 'NullTest',
  'BooleanTest', 'A_Indices', 'A_Indirection', 'A_ArrayExpr', 'RowExpr', 'String', 'Integer', 'Float',
  'Boolean', 'BitString', 'List', 'GroupingSet', 'GroupingFunc', 'CollateClause', 'SQLValueFunction',
  'NamedArgExpr', 'ColumnDef', 'Alias',
]);
