import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { parseDuration } from '../../src/config/duration.js';
import { isAiopsError } from '../../src/core/errors.js';
import { runCli } from '../../src/cli/index.js';

describe('config', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ dataDir: './.aiops', host: '127.0.0.1', otlpPort: 4318, httpPort: 8080, windowMs: 60_000, allowedLatenessMs: 30_000, executor: 'dry-run', approvalTimeoutMs: 1_800_000 });
    expect(c.kafka).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('parses lists, durations and grouped settings', () => {
    const c = loadConfig({ KAFKA_BROKERS: 'a:9092, b:9092', AIOPS_WINDOW: '30s', SLACK_APPROVERS: 'U1,S2', AIOPS_LLM: 'openai-compatible:qwen2.5:7b', TEMPORAL_ADDRESS: '127.0.0.1:7233' });
    expect(c.kafka).toMatchObject({ brokers: ['a:9092', 'b:9092'], topics: ['otlp_spans', 'otlp_metrics', 'otlp_logs'], groupId: 'otlp-aiops' });
    expect(c.windowMs).toBe(30_000);
    expect(c.slack.approvers).toEqual(['U1', 'S2']);
    expect(c.llm).toEqual({ provider: 'openai-compatible', model: 'qwen2.5:7b' });
    expect(c.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'otlp-aiops' });
  });

  it('names every invalid variable', () => {
    try {
      loadConfig({ AIOPS_OTLP_PORT: '70000', AIOPS_WINDOW: 'soon', DATABASE_URL: 'mysql://x', SLACK_BOT_TOKEN: 'nope' });
      expect.unreachable();
    } catch (e) {
      expect(isAiopsError(e) && e.code).toBe('CONFIG.INVALID');
      const msg = (e as Error).message;
      for (const v of ['AIOPS_OTLP_PORT', 'AIOPS_WINDOW', 'DATABASE_URL', 'SLACK_BOT_TOKEN']) expect(msg).toContain(v);
      expect(msg).not.toContain('nope'.repeat(2));
    }
  });

  it('parses durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('5 minutes')).toBeNull();
  });
});

describe('cli exit codes', () => {
  const run = async (argv: string[], env: Record<string, string> = {}) => {
    let err = '';
    const code = await runCli(argv, { out: () => {}, err: (t) => (err += t), env });
    return { code, err };
  };
  it('exits 2 on an invalid variable, naming it', async () => {
    const r = await run(['incidents'], { AIOPS_WINDOW: 'later' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('AIOPS_WINDOW');
  });
  it('exits 2 on an unknown command or option', async () => {
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['incidents', '--bogus'])).code).toBe(2);
    expect((await run(['incidents', '--since', 'yesterday'])).code).toBe(2);
  });
});
