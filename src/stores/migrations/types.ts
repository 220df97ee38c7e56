/** A versioned migration. `up` renders SQL for the database it runs on (TimescaleDB or plain PostgreSQL). */
export interface MigrationEnv {
  /** The timescaledb extension is installed in this database. */
  timescale: boolean;
}

export interface Migration {
  id: number;
  name: string;
  up(env: MigrationEnv): string;
}
