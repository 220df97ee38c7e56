/** fast-check generators for the SQL guard: token soup, near-valid SELECTs, and mutations dressed up to slip by. */
import fc from 'fast-check';

const TOKENS = [
  'SELECT', 'FROM', 'WHERE', 'WITH', 'RECURSIVE', 'AS', 'UNION', 'ALL', 'JOIN', 'LATERAL', 'ON', 'GROUP BY', 'ORDER BY', 'LIMIT', 'OFFSET',
  'INSERT', 'INTO', 'VALUES', 'UPDATE', 'SET', 'DELETE', 'DROP', 'TABLE', 'CREATE', 'FUNCTION', 'DO', '$$', '$q$', 'COPY', 'TO', 'PROGRAM',
  'FOR UPDATE', 'RETURNING', 'EXECUTE', 'PREPARE', 'CALL', 'LOCK', 'NOTIFY', 'LISTEN', 'VACUUM', 'ANALYZE', 'EXPLAIN', 'BEGIN', 'COMMIT',
  '(', ')', ',', ';', '*', '=', "'", '"', '::', '--', '/*', '*/', 'U&"', 'E\'', '\\', '\n', ' ',
  'feature_windows', 'v_incidents', 'graph_nodes', 'pg_catalog.pg_authid', 'pg_shadow', 'information_schema.tables', 'state_kv',
  'count(*)', 'now()', 'generate_series(1, 10)', 'pg_sleep(1)', 'pg_read_file(\'/etc/passwd\')', 'set_config(\'a\', \'b\', false)',
  'nextval(\'s\')', 'lo_import(\'/etc/passwd\')', 'dblink(\'x\')', 'query_to_xml(\'DELETE FROM incidents\', true, true, \'\')', '1', '0x1', 'NULL', 'true',
];

/** Anything: arbitrary text, and sequences of SQL tokens (which reach the parser and the tree walk). */
export const randomSql: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }).map((t) => t.join(' ')),
  fc.tuple(fc.constantFrom('SELECT', 'WITH x AS (SELECT 1) SELECT', 'SELECT * FROM (SELECT'), fc.array(fc.constantFrom(...TOKENS), { maxLength: 15 })).map(([head, rest]) => `${head} ${rest.join(' ')}`),
  fc.integer({ min: 1, max: 400 }).map((n) => `SELECT ${'('.repeat(n)}1${')'.repeat(n)}`),
);

const MUTATIONS = [
  "INSERT INTO feature_windows (service) VALUES ('x')",
  "UPDATE incidents SET status = 'resolved'",
  'DELETE FROM graph_nodes',
  'DROP TABLE incidents',
  'TRUNCATE incidents',
  'CREATE TABLE t AS SELECT * FROM incidents',
  'ALTER TABLE incidents ADD COLUMN x int',
  'GRANT ALL ON incidents TO PUBLIC',
  "COPY incidents TO PROGRAM 'id'",
  "DO $$ BEGIN DELETE FROM incidents; END $$",
  'SELECT * INTO stolen FROM incidents',
  'SELECT * FROM incidents FOR UPDATE',
  'WITH d AS (DELETE FROM incidents RETURNING *) SELECT * FROM d',
  'WITH u AS (UPDATE graph_nodes SET kind = kind RETURNING name) SELECT name FROM u',
  'SELECT 1; DELETE FROM incidents',
  "SELECT set_config('default_transaction_read_only', 'off', false)",
  "SELECT nextval('incidents_seq')",
  "SELECT pg_terminate_backend(1)",
  'SELECT lo_unlink(1)',
  "SELECT query_to_xml('DELETE FROM incidents', true, true, '')",
  'EXPLAIN ANALYZE DELETE FROM incidents',
  'PREPARE p AS DELETE FROM incidents',
  'CALL do_it()',
  'VACUUM incidents',
  'LOCK TABLE incidents',
  "NOTIFY ch, 'x'",
  'REFRESH MATERIALIZED VIEW v_incidents',
  'SET ROLE postgres',
  'RESET ALL',
  'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql',
  'MERGE INTO incidents USING graph_nodes ON false WHEN NOT MATCHED THEN DO NOTHING',
];

const flipCase = (s: string, mask: number[]) => [...s].map((c, i) => (mask[i % mask.length]! % 2 ? c.toUpperCase() : c.toLowerCase())).join('');

/** A statement that writes, locks or changes state, with comments, case changes and wrappers around it. */
export const mutatingSql: fc.Arbitrary<string> = fc.tuple(
  fc.constantFrom(...MUTATIONS),
  fc.constantFrom('', ' ', '\n', '/* hi */ ', '-- c\n', '/* /* nested */ */ '),
  fc.constantFrom('', ';', ' ; ', ' -- tail', '/* x */'),
  fc.array(fc.nat(), { minLength: 1, maxLength: 7 }),
).map(([stmt, prefix, suffix, mask]) => `${prefix}${flipCase(stmt, mask)}${suffix}`);
