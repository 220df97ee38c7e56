/**
 * `aiops serve` as a child process for the crash, chaos and Kafka-replay suites: start it on free ports and wait for
 * /readyz, stop it with a signal and await its exit (bounded, with its stderr tail in the error), and the ground
 * truth those suites compare stored windows with.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { SpanKind, type TelemetryBatch } from '../../src/core/index.js';

export { freePort } from '../../scripts/start-postgres.mjs';

const children: ChildProcess[] = [];
const stderrTail = new WeakMap<ChildProcess, string>();

/** For afterAll: no serve outlives its suite. */
export function killAllServes(): void {
  for (const c of children.splice(0)) if (!hasExited(c)) c.kill('SIGKILL');
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Resolves once the child has exited — also when it already had: 'exit' is emitted once, so a listener attached
 * after the fact (say, after awaiting a request the kill cut short) would wait forever.
 */
export function exited(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * `aiops serve` with `env` over this process's environment; Kafka and Temporal are off unless `env` names them.
 * Resolves once /readyz answers 200 on AIOPS_HTTP_PORT.
 */
export async function startServe(env: Record<string, string>, readyWithinMs = 90_000): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/aiops.js', 'serve'], {
    env: { ...process.env, KAFKA_BROKERS: '', TEMPORAL_ADDRESS: '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  stderrTail.set(child, '');
  // Read stderr so a chatty child never blocks on a full pipe; keep the tail for error messages.
  child.stderr!.on('data', (d: Buffer) => stderrTail.set(child, (stderrTail.get(child)! + d.toString()).slice(-4000)));
  const deadline = Date.now() + readyWithinMs;
  while (Date.now() < deadline) {
    if (hasExited(child)) throw new Error(`aiops serve exited (${child.exitCode ?? child.signalCode}) before ready: ${stderrTail.get(child)}`);
    const ready = await fetch(`http://127.0.0.1:${env.AIOPS_HTTP_PORT}/readyz`).then((r) => r.ok, () => false);
    if (ready) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`aiops serve did not become ready within ${readyWithinMs / 1000} s: ${stderrTail.get(child)}`);
}

/** Sends `signal` and waits for the exit; a graceful stop that hangs fails with the child's stderr tail. */
export async function stopServe(child: ChildProcess, signal: 'SIGKILL' | 'SIGTERM', withinMs = 120_000): Promise<void> {
  const done = exited(child);
  if (!hasExited(child)) child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`aiops serve did not exit within ${withinMs / 1000} s of ${signal}: ${stderrTail.get(child)}`)), withinMs);
  });
  try {
    await Promise.race([done, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Ground truth: requests per (service, 1-minute window) — server/consumer spans and roots, as the features count them. */
export function expectedRequests(batches: TelemetryBatch[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const b of batches)
    for (const s of b.spans) {
      if (s.kind !== SpanKind.SERVER && s.kind !== SpanKind.CONSUMER && s.parentSpanId !== '') continue;
      const key = `${s.service}@${Math.floor(s.startMs / 60_000) * 60_000}`;
      m.set(key, (m.get(key) ?? 0) + 1);
    }
  return m;
}

/** Polls `cond` (errors count as not yet) every 250 ms until it holds or `ms` pass. */
export async function waitFor(cond: () => Promise<boolean>, ms: number, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} not met within ${ms / 1000} s`);
}
