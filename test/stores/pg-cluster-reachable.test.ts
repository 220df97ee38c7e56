/**
 * Issue 12 (item 8): as root, PostgreSQL runs as the `postgres` user, which cannot execute binaries inside a
 * checkout it may not enter (e.g. under /root, mode 700); initdb failed with EACCES and crashed the runner.
 * The launcher must copy the binaries to a place that user can reach, and a failed spawn must reject.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packagedNative, reachableNative, runChild, serverIdentity } from '../../scripts/lib/pg-cluster.mjs';

const isRoot = userInfo().uid === 0;
const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.skipIf(!isRoot)(isRoot ? 'embedded PostgreSQL binaries behind a 0700 directory' : 'embedded PostgreSQL binaries behind a 0700 directory (skipped: needs root, the only case that drops privileges)', () => {
  it('runs them from a copy the postgres user can reach', async () => {
    const user = serverIdentity()!;
    const { native } = await packagedNative();
    const locked = mkdtempSync(join(tmpdir(), 'aiops-locked-')); // mkdtemp: mode 0700, owned by root
    scratch.push(locked);
    execFileSync('cp', ['-al', native, join(locked, 'native')]);
    const lockedBin = join(locked, 'native', 'bin', 'postgres');
    expect(spawnSync(lockedBin, ['--version'], { uid: user.uid, gid: user.gid }).error).toMatchObject({ code: 'EACCES' });

    const version = `test-${process.pid}`;
    scratch.push(join(tmpdir(), `aiops-pg-bin-${version}`));
    const usable = await reachableNative(user, { native: join(locked, 'native'), version });
    expect(usable).toBe(join(tmpdir(), `aiops-pg-bin-${version}`));
    const run = spawnSync(join(usable, 'bin', 'postgres'), ['--version'], { uid: user.uid, gid: user.gid, encoding: 'utf8' });
    expect(run.stdout).toMatch(/^postgres \(PostgreSQL\) 18\./);
  });
});

describe('a PostgreSQL binary that cannot be spawned', () => {
  it('rejects with the spawn error instead of emitting an unhandled error event', async () => {
    const locked = mkdtempSync(join(tmpdir(), 'aiops-noexec-'));
    scratch.push(locked);
    await expect(runChild(join(locked, 'initdb'), [], {}, () => undefined)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
