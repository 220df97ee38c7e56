/**
 * `aiops serve` refuses to listen beyond loopback without authentication (exit 2, naming the fix), before it
 * opens anything; AIOPS_INSECURE_API=true or a tokens file lets the check pass. The real CLI, spawned.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function runServe(env: Record<string, string>, timeoutMs = 60_000): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/aiops.js', 'serve'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', AIOPS_DATA_DIR: mkdtempSync(join(tmpdir(), 'aiops-exposed-')), AIOPS_OTLP_PORT: '0', AIOPS_HTTP_PORT: '0', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not exit within ${timeoutMs} ms: ${err}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, err });
    });
  });
}

describe('aiops serve refuses to start exposed', () => {
  it('AIOPS_HOST=0.0.0.0 without authentication exits 2 and names the fix', async () => {
    const r = await runServe({ AIOPS_HOST: '0.0.0.0' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('AIOPS_HOST=0.0.0.0 would expose the HTTP API beyond loopback without authentication');
    expect(r.err).toContain('AIOPS_API_TOKENS_FILE');
    expect(r.err).toContain('AIOPS_INSECURE_API=true');
  });

  it('a tokens file that is not valid exits 2 naming the variable (and never echoes a hash)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiops-badtokens-'));
    writeFileSync(join(dir, 't.json'), JSON.stringify([{ id: 'x', sha256: 'abc', identity: 'U1', roles: ['admin'] }]));
    const r = await runServe({ AIOPS_HOST: '0.0.0.0', AIOPS_API_TOKENS_FILE: join(dir, 't.json') });
    expect(r.code).toBe(2);
    expect(r.err).toContain('AIOPS_API_TOKENS_FILE');
    expect(r.err).toContain('64 hex digits');
    expect(r.err).not.toContain('"abc"');
  });
});
