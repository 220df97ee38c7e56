/**
 * Worker thread of the PGlite sandbox (pglite-sandbox.ts): holds a PGlite opened from a snapshot of the main
 * database (`dumpDataDir`, an in-memory copy; never the live data directory, which another instance is
 * writing) and runs guarded queries on it. The main thread terminates this thread when a query runs past its
 * limit, which is the only way to stop PGlite mid-query.
 */
import { parentPort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { clientForPglite } from '../pglite-client.js';
import type { SqlClient } from '../sql-client.js';
import { runInReadonlyTransaction, type CheckedQuery, type ReadonlyLimits } from './run-in-transaction.js';

export type SandboxRequest = { type: 'load'; tar: Uint8Array } | { type: 'run'; query: CheckedQuery; limits: ReadonlyLimits };
export type SandboxReply = { type: 'loaded' } | { type: 'result'; outcome: unknown } | { type: 'error'; message: string };

let client: SqlClient | undefined;

async function handle(msg: SandboxRequest): Promise<SandboxReply> {
  if (msg.type === 'load') {
    await client?.close();
    client = undefined;
    const db = new PGlite({ loadDataDir: new Blob([msg.tar]) });
    await db.waitReady;
    client = clientForPglite(db);
    return { type: 'loaded' };
  }
  if (!client) return { type: 'error', message: 'no snapshot loaded' };
  return { type: 'result', outcome: await runInReadonlyTransaction(client, msg.query, msg.limits) };
}

parentPort?.on('message', (msg: SandboxRequest) => {
  handle(msg).then(
    (reply) => parentPort?.postMessage(reply),
    (e: unknown) => parentPort?.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies SandboxReply),
  );
});
