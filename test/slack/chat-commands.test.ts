/** The transport-neutral pieces: subcommand parsing, thread summaries, and `aiops chat` over the same handlers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChat } from '../../src/cli/chat.js';
import { parseChatCommand } from '../../src/ops/chat-command-parse.js';
import type { ChatDeps } from '../../src/ops/chat-deps.js';
import { buildPostmortem, summarizeThread } from '../../src/ops/thread-summary.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import { actionFixture, FakeActions, FakeAsk } from '../helpers/fake-chat-deps.js';
import { incident } from '../stores/fixtures.js';

describe('parseChatCommand', () => {
  it.each([
    ['', { name: 'help' }],
    ['/aiops incidents', { name: 'incidents' }],
    ['incident inc-7', { name: 'incident', id: 'inc-7' }],
    ['rca checkout', { name: 'rca', service: 'checkout' }],
    ['rca checkout 2h', { name: 'rca', service: 'checkout', windowMs: 7_200_000 }],
    ['sql SELECT a, b FROM t', { name: 'sql', text: 'SELECT a, b FROM t' }],
    ['ask why  is it slow?', { name: 'ask', question: 'why  is it slow?' }],
    ['actions', { name: 'actions', status: 'proposed' }],
    ['actions running', { name: 'actions', status: 'running' }],
    ['summary', { name: 'summary', incidentId: undefined }],
    ['postmortem inc-1', { name: 'postmortem', incidentId: 'inc-1' }],
  ])('%s', (text, command) => {
    expect(parseChatCommand(text)).toEqual({ ok: true, command });
  });

  it.each([
    ['launch rockets', 'unknown subcommand "launch"'],
    ['rca', 'usage: rca SERVICE [window]'],
    ['rca checkout 5 minutes', 'usage: rca SERVICE [window]'],
    ['rca checkout 30x', 'window must look like'],
    ['rca checkout 30d', 'between 1m and 7d'],
    ['incident', 'usage: incident ID'],
    ['actions bogus', 'usage: actions'],
    ['help me please', 'takes no arguments'],
    ['sql', 'usage: sql'],
  ])('refuses %s', (text, message) => {
    const r = parseChatCommand(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(message);
  });
});

describe('thread summary', () => {
  const inc = incident({ id: 'inc-9', openedAt: '2026-01-10T10:00:00.000Z', firstAnomalyAt: '2026-01-10T09:57:00.000Z' });
  const thread = [
    { user: 'U0CAROL', text: 'looks like the payments pool is saturated', ts: '1768039500.000100' },
    { user: 'U0DAVE', text: 'lunch?', ts: '1768039560.000100' },
    { user: 'U0DAVE', text: 'we decided to restart payments', ts: '1768039620.000100' },
  ];
  const decided = actionFixture({ incidentId: 'inc-9', status: 'approved', decidedBy: 'U0BOB', audit: [{ at: '2026-01-10T10:04:00.000Z', actor: 'aiops', event: 'proposed', detail: '' }, { at: '2026-01-10T10:05:00.000Z', actor: 'U0BOB', event: 'approved', detail: 'via slack' }] });

  it('is deterministic and built from state and the thread', () => {
    const a = summarizeThread({ incident: inc, thread, actions: [decided] });
    expect(summarizeThread({ incident: inc, thread, actions: [decided] })).toEqual(a);
    expect(a.timeline[0]).toEqual({ at: '2026-01-10T09:57:00.000Z', text: 'first anomaly (payments)' });
    expect(a.timeline.map((t) => t.at)).toEqual([...a.timeline.map((t) => t.at)].sort());
    expect(a.findings[0]).toBe('payments (latency, score 0.80): p99 up 5x');
    expect(a.findings.join('\n')).toContain('payments pool is saturated');
    expect(a.findings.join('\n')).not.toContain('lunch');
    expect(a.decisions).toContain('RESTART checkout approved by <@U0BOB>');
    expect(a.decisions.join('\n')).toContain('decided to restart payments');
    expect(a.state).toBe('open (severity high) since 2026-01-10T10:00:00.000Z; RESTART checkout approved');
    expect(a.participants).toEqual(['U0CAROL', 'U0DAVE']);
  });

  it('states resolution and duration, and drafts a postmortem in Markdown', () => {
    const resolved = { ...inc, status: 'resolved' as const, resolvedAt: '2026-01-10T10:42:00.000Z' };
    expect(summarizeThread({ incident: resolved, thread: [], actions: [] }).state).toBe('resolved at 2026-01-10T10:42:00.000Z after 45 min');
    const md = buildPostmortem({ incident: resolved, thread, actions: [decided] });
    expect(md).toMatch(/^# Postmortem: checkout, payments \(inc-9\)/);
    expect(md).toContain('- Duration: 45 min');
    expect(md).toContain('1. **payments** — latency (score 0.80)');
    expect(md).toContain('## Timeline (UTC)');
    expect(md).toContain('RESTART checkout approved by <@U0BOB>');
  });
});

describe('aiops chat', () => {
  let stores: Stores;
  beforeAll(async () => {
    stores = await openStores({ dataDir: 'memory://' });
    await stores.incidents.save(incident({ id: 'inc-1' }));
  });
  afterAll(async () => stores.close());

  async function session(lines: string[], deps: Partial<ChatDeps> = {}) {
    const out: string[] = [];
    const ops = { features: stores.features, graph: stores.graph, incidents: stores.incidents, clock: { now: () => Date.now() }, windowMs: 60_000 };
    await runChat({ ops, ...deps }, (async function* () {
      yield* lines;
    })(), { user: 'alice', out: (t) => out.push(t) });
    return out;
  }

  it('runs commands with or without a slash and stops at exit', async () => {
    const out = await session(['incidents', '/incident inc-1', '/aiops status', '', 'exit', 'incidents']);
    expect(out).toHaveLength(3);
    expect(out[0]).toContain('inc-1');
    expect(out[1]).toContain('p99 up 5x');
    expect(out[2]).toContain('open incidents: 1');
  });

  it('sends free questions to the agent with the conversation so far, and explains malformed commands', async () => {
    const ask = new FakeAsk();
    const out = await session(['incidents', 'what broke first?', '/rca', '/nonsense'], { ask: ask.fn });
    expect(ask.calls).toHaveLength(1);
    expect(ask.calls[0]!.question).toBe('what broke first?');
    expect(ask.calls[0]!.thread[0]).toEqual({ user: 'alice', text: 'incidents' });
    expect(ask.calls[0]!.thread[1]!.text).toContain('inc-1');
    expect(out[1]).toBe('answer to: what broke first?');
    expect(out[2]).toContain('usage: rca SERVICE [window]');
    expect(out[3]).toContain('unknown subcommand');
  });

  it('says the agent is not configured and lists actions when given', async () => {
    const out = await session(['why?', 'actions'], { actions: new FakeActions([actionFixture({ id: 'act-9' })]) });
    expect(out[0]).toContain('agent is not configured');
    expect(out[1]).toContain('act-9');
  });
});
