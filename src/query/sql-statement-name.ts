/** Turns a parse-tree statement node into the SQL words a person or model recognizes, for messages. */
const OVERRIDES: Readonly<Record<string, string>> = {
  VariableSetStmt: 'SET/RESET',
  VariableShowStmt: 'SHOW',
  TransactionStmt: 'a transaction command (BEGIN/COMMIT/ROLLBACK/SAVEPOINT)',
  IndexStmt: 'CREATE INDEX',
  ViewStmt: 'CREATE VIEW',
  CreateTableAsStmt: 'CREATE TABLE AS / CREATE MATERIALIZED VIEW',
  DoStmt: 'DO (anonymous code block)',
  CopyStmt: 'COPY',
  ExplainStmt: 'EXPLAIN',
  DeclareCursorStmt: 'DECLARE CURSOR',
  ClosePortalStmt: 'CLOSE',
  DeallocateStmt: 'DEALLOCATE',
  CheckPointStmt: 'CHECKPOINT',
  RuleStmt: 'CREATE RULE',
  CreateFunctionStmt: 'CREATE FUNCTION',
  CreateRoleStmt: 'CREATE ROLE',
  AlterSystemStmt: 'ALTER SYSTEM',
  RefreshMatViewStmt: 'REFRESH MATERIALIZED VIEW',
};

export function statementName(nodeType: string): string {
  const override = OVERRIDES[nodeType];
  if (override) return override;
  const words = nodeType.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
  return words.toUpperCase();
}

/** Statements that change data: inside WITH they make a data-modifying CTE. */
export const DATA_MODIFYING: ReadonlySet<string> = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);
