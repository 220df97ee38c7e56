/** `aiops ask`, `aiops query` and `aiops eval nlq` through the real CLI dispatcher on an embedded store. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';

function io(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: { AIOPS_DATA_DIR: 'memory://', AIOPS_LOG_LEVEL: 'error', ...env } } };
}

describe('agent CLI commands', () => {
  it('lists ask and query in the usage', async () => {
    const c = io();
    await runCli(['help'], c.io);
    expect(c.out.join('\n')).toMatch(/ask\s+one agent answer/);
    expect(c.out.join('\n')).toMatch(/query\s+guarded query/);
  });

  it('ask answers deterministically on an empty store and says there is no data', async () => {
    const c = io();
    expect(await runCli(['ask', 'what is wrong with payments'], c.io)).toBe(0);
    expect(c.out.join('\n')).toMatch(/no service named "payments"/);
  }, 30_000);

  it('query needs exactly one form, and refuses writes with exit 1', async () => {
    const c = io();
    expect(await runCli(['query'], c.io)).toBe(2);
    const d = io();
    expect(await runCli(['query', '--sql', 'DROP TABLE incidents', '--json'], d.io)).toBe(1);
    expect(JSON.parse(d.out[0]!)).toMatchObject({ ok: false, query: 'DROP TABLE incidents' });
  }, 30_000);

  it('eval nlq prints accuracy per path and ends with RESULT {json}', async () => {
    const c = io();
    expect(await runCli(['eval', 'nlq'], c.io)).toBe(0);
    const last = c.out.at(-1)!;
    expect(last).toMatch(/^RESULT \{/);
    const r = JSON.parse(last.slice('RESULT '.length));
    expect(r.deterministic.sql.accuracy).toBeGreaterThanOrEqual(0.8);
    expect(r.deterministic.actionsWithoutApproval).toBe(0);
    expect(r.model).toBeNull();
    expect(c.out.join('\n')).toMatch(/model: not configured/);
  }, 60_000);
});
