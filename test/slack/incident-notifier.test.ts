/** Incident threads: one parent per incident, edited in place, coalesced updates, details in the thread. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/core/index.js';
import { incident } from '../stores/fixtures.js';
import { CHANNEL, startHarness, type Harness } from './harness.js';

describe('incident notifier', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ coalesceMs: 100 });
  });
  afterAll(async () => h.close());

  const parentOf = (id: string) => h.standin.messages.filter((m) => m.channel === CHANNEL && !m.thread_ts && m.text.includes(id));
  const repliesTo = (ts: string) => h.standin.messages.filter((m) => m.thread_ts === ts);

  it('posts one parent with severity, services, first anomaly, root causes and evidence, and details in the thread', async () => {
    const inc = incident({ id: 'inc-a', severity: 'critical', services: ['checkout', 'payments', 'ledger'], firstAnomalyAt: '2026-01-10T09:58:00.000Z', openedAt: '2026-01-10T10:00:00.000Z' });
    h.slack.notifier.incidentChanged({ kind: 'opened', incident: inc });
    await h.slack.notifier.flush();
    const [parent] = parentOf('inc-a');
    expect(parentOf('inc-a')).toHaveLength(1);
    const text = JSON.stringify(parent!.blocks);
    for (const s of ['CRITICAL', 'checkout, payments, ledger', 'p99 up 5x', 'payments* — latency', '2026-01-10T09:58:00.000Z']) expect(text).toContain(s);
    const replies = repliesTo(parent!.ts);
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0]!.blocks)).toContain('Anomalies');
  });

  it('coalesces a burst of updates into one edit of the parent and one change reply', async () => {
    const base = incident({ id: 'inc-b' });
    h.slack.notifier.incidentChanged({ kind: 'opened', incident: base });
    await h.slack.notifier.flush();
    const [parent] = parentOf('inc-b');
    const updatesBefore = h.standin.callsTo('chat.update').length;
    let last: Incident = base;
    for (let i = 0; i < 20; i++) {
      last = incident({ id: 'inc-b', severity: i < 10 ? 'high' : 'critical', services: ['checkout', 'payments', `svc-${i}`] });
      h.slack.notifier.incidentChanged({ kind: 'updated', incident: last });
    }
    await new Promise((r) => setTimeout(r, 400));
    await h.slack.notifier.flush();
    const edits = h.standin.callsTo('chat.update').slice(updatesBefore).filter((c) => c.args.ts === parent!.ts);
    expect(edits).toHaveLength(1);
    expect(JSON.stringify(edits[0]!.args.blocks)).toContain('svc-19');
    const change = repliesTo(parent!.ts).slice(1);
    expect(change).toHaveLength(1);
    expect(change[0]!.text).toContain('severity high → *critical*');
    expect(change[0]!.text).toContain('svc-19');
    expect(change[0]!.text).not.toContain('svc-5');
    expect(parentOf('inc-b')).toHaveLength(1);
  });

  it('marks the parent resolved in place and says so in the thread', async () => {
    const open = incident({ id: 'inc-c' });
    h.slack.notifier.incidentChanged({ kind: 'opened', incident: open });
    await h.slack.notifier.flush();
    h.slack.notifier.incidentChanged({ kind: 'resolved', incident: { ...open, status: 'resolved', resolvedAt: '2026-01-10T10:30:00.000Z' } });
    await h.slack.notifier.flush();
    const [parent] = parentOf('inc-c');
    expect(parentOf('inc-c')).toHaveLength(1);
    expect(JSON.stringify(parent!.blocks)).toContain('Resolved');
    expect(repliesTo(parent!.ts).some((m) => m.text.includes('resolved at'))).toBe(true);
    expect(h.standin.calls.filter((c) => !c.ok)).toEqual([]);
  });

  it('keeps a huge incident within Slack limits', async () => {
    const huge = incident({
      id: 'inc-huge',
      services: Array.from({ length: 300 }, (_, i) => `service-with-a-long-name-${i}`),
      rootCauses: Array.from({ length: 40 }, (_, i) => ({ service: `s${i}`, indicator: 'latency', score: 0.5, evidence: ['x'.repeat(5000), 'y'.repeat(5000)] })),
      anomalies: Array.from({ length: 500 }, (_, i) => ({ service: `s${i}`, operation: 'GET /'.repeat(100), feature: 'p99Ms' as const, windowStart: '2026-01-10T10:00:00.000Z', value: 1, baseline: 1, score: 1 })),
      timeline: Array.from({ length: 200 }, () => ({ at: '2026-01-10T10:00:00.000Z', kind: 'note', text: 'z'.repeat(400) })),
    });
    h.slack.notifier.incidentChanged({ kind: 'opened', incident: huge });
    await h.slack.notifier.flush();
    expect(h.standin.calls.filter((c) => !c.ok)).toEqual([]);
    expect(parentOf('inc-huge')).toHaveLength(1);
  });
});

describe('incident notifier without SLACK_INCIDENT_CHANNEL', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('posts nothing', async () => {
    const { createSlackApp } = await import('../../src/slack/app.js');
    const { createMetrics } = await import('../../src/obs/metrics.js');
    const { silentLogger } = await import('../../src/obs/logger.js');
    const app = createSlackApp({ botToken: 'xoxb-standin-token-0001', signingSecret: 's', appToken: undefined, apiUrl: h.standin.apiUrl, incidentChannel: undefined, approvers: [] }, { ops: h.ops, logger: silentLogger, metrics: createMetrics(), clock: { now: () => Date.now() } }, { coalesceMs: 10 });
    app.notifier.incidentChanged({ kind: 'opened', incident: incident({ id: 'inc-x' }) });
    await app.notifier.flush();
    await app.stop();
    expect(h.standin.calls).toHaveLength(0);
  });
});
