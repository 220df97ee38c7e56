/**
 * Applies pending migrations in one transaction under an advisory lock, so two processes starting together
 * apply each migration once. Idempotent: a second run applies nothing.
 */
import { createHash } from 'node:crypto';
import { AiopsError } from '../core/errors.js';
import type { Logger } from '../obs/logger.js';
import { MIGRATIONS, type Migration, type MigrationEnv } from './migrations/index.js';
import type { SqlClient } from './sql-client.js';

/** Arbitrary constant shared by every otlp-aiops process ("aiops" in ASCII). */
const MIGRATION_LOCK = 0x6169_6f70;

export interface MigrateOptions {
  logger?: Logger;
  /** 'auto' (default): use TimescaleDB when the server offers it; 'off': plain PostgreSQL layout. */
  timescale?: 'auto' | 'off';
  /** Override the migration list (tests). */
  migrations?: readonly Migration[];
}

export function migrationLabel(m: Pick<Migration, 'id' | 'name'>): string {
  return `${String(m.id).padStart(4, '0')}-${m.name}`;
}

/**
 * TimescaleDB counts only when `CREATE EXTENSION` succeeds: the package can be available while the library
 * is not in shared_preload_libraries, and then creating it fails. The attempt runs outside the migration
 * transaction so its failure cannot abort it.
 */
export async function detectTimescale(client: SqlClient, mode: 'auto' | 'off' = 'auto'): Promise<boolean> {
  const installed = async () =>
    (await client.query(`SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'`)).rows.length > 0;
  if (mode === 'off') return false;
  if (await installed()) return true;
  if (client.engine !== 'postgres') return false;
  const offered = await client.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'`);
  if (offered.rows.length === 0) return false;
  try {
    await client.exec('CREATE EXTENSION IF NOT EXISTS timescaledb');
  } catch {
    return false;
  }
  return installed();
}

export async function migrate(client: SqlClient, opts: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const env: MigrationEnv = { timescale: await detectTimescale(client, opts.timescale) };
  const migrations = [...(opts.migrations ?? MIGRATIONS)].sort((a, b) => a.id - b.id);
  const applied = await client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), checksum text NOT NULL)`);
    const done = new Map(
      (await tx.query<{ id: number; checksum: string }>('SELECT id, checksum FROM schema_migrations')).rows.map((r) => [r.id, r.checksum]),
    );
    const labels: string[] = [];
    for (const m of migrations) {
      const sql = m.up(env);
      const checksum = createHash('sha256').update(sql).digest('hex');
      const previous = done.get(m.id);
      if (previous !== undefined) {
        // Expected when the layout changed (TimescaleDB installed later); never re-run an applied migration.
        if (previous !== checksum) opts.logger?.warn('applied migration differs from its source', { migration: migrationLabel(m) });
        continue;
      }
      try {
        await tx.exec(sql);
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        throw new AiopsError('STORE.MIGRATION_FAILED', `migration ${migrationLabel(m)} failed: ${reason}`, { cause: e, meta: { migration: migrationLabel(m) } });
      }
      await tx.query('INSERT INTO schema_migrations (id, name, checksum) VALUES ($1, $2, $3)', [m.id, m.name, checksum]);
      labels.push(migrationLabel(m));
    }
    return labels;
  });
  if (applied.length > 0) opts.logger?.info('migrations applied', { applied, timescale: env.timescale, engine: client.engine });
  return { applied };
}
