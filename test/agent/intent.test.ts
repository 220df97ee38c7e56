import { describe, expect, it } from 'vitest';
import { parseIntent } from '../../src/agent/router/intent.js';
import { matchSqlTemplate } from '../../src/agent/nl-sql/templates.js';
import { windowMinutes } from '../../src/agent/nl-sql/phrases.js';

const known = ['web-gateway', 'cart', 'checkout', 'payments', 'payments-db'];

describe('deterministic router: intents', () => {
  it.each([
    ['what is wrong with payments', { kind: 'diagnose', service: 'payments' }],
    ['why is checkout slow?', { kind: 'diagnose', service: 'checkout' }],
    ['/aiops rca cart', { kind: 'diagnose', service: 'cart' }],
    ['what is wrong with billing', { kind: 'unknown_service', name: 'billing' }],
    ['what changed in the last 2 hours', { kind: 'changes', minutes: 120 }],
    ['incident inc-20250101T1200-abc123', { kind: 'incident', id: 'inc-20250101T1200-abc123' }],
    ['status of act-20250101T1200-abcdef', { kind: 'action_status', id: 'act-20250101T1200-abcdef' }],
    ['restart payments', { kind: 'propose', service: 'payments', type: 'RESTART' }],
    ['roll back checkout please', { kind: 'propose', service: 'checkout', type: 'ROLLBACK' }],
    ['summarize this thread', { kind: 'thread' }],
    ['sql: DELETE FROM incidents', { kind: 'sql', sql: 'DELETE FROM incidents' }],
    ['promql: up', { kind: 'promql', expr: 'up' }],
    ['open incidents', { kind: 'incidents', status: 'open' }],
    ['runbook for memory leaks', { kind: 'runbook' }],
  ])('%s', (q, want) => {
    expect(parseIntent(q, known)).toMatchObject(want);
  });

  it('routes metric questions to a SQL template anchored on the latest data', () => {
    const i = parseIntent('error rate of payments last hour', known);
    expect(i.kind).toBe('template');
    const m = matchSqlTemplate('error rate of payments last hour', known)!;
    expect(m.sql).toContain("service = 'payments'");
    expect(m.sql).toContain("INTERVAL '60 minutes'");
    expect(m.sql).toContain('max(window_start)');
    expect(m.sql).not.toMatch(/now\(\)/i);
  });

  it('does not claim shapes no template covers', () => {
    expect(matchSqlTemplate('which hour had the most traffic across all services', known)).toBeNull();
    expect(matchSqlTemplate('compare the error rate of cart with checkout', known)).toBeNull();
    expect(matchSqlTemplate('calls from web-gateway to cart in the last hour', known)).toBeNull();
  });

  it('quotes service names so a crafted name cannot escape the string literal', () => {
    const m = matchSqlTemplate("error rate of o'brien last hour", ["o'brien"])!;
    expect(m.sql).toContain("service = 'o''brien'");
  });

  it('parses windows', () => {
    expect(windowMinutes('last 45 minutes')).toBe(45);
    expect(windowMinutes('past 3 hours')).toBe(180);
    expect(windowMinutes('today')).toBe(1440);
    expect(windowMinutes('no window', 30)).toBe(30);
  });
});
