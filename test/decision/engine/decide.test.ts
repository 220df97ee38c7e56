// Engine mechanics with small inline rules: matching, ranking, cooldowns, duplicates, guards, blast radius.
import { describe, expect, it } from 'vitest';
import { decide, decideWithTrace } from '../../../src/decision/engine/decide.js';
import { DEFAULT_DECISION_CONFIG, type ActionStats } from '../../../src/decision/engine/types.js';
import { anomaly, expectedRisk, incident, input, OFF_PEAK, PEAK, rules } from './builders.js';

const act = (type: string, priority: number, extra: Record<string, unknown> = {}) => ({ type, priority, ...extra });
const rule = (id: string, when: Record<string, unknown>, actions: unknown[], extra: Record<string, unknown> = {}) => ({
  id,
  description: id,
  when,
  actions,
  cooldown: '10m',
  ...extra,
});
const scaleOrRestart = rules([
  rule('scale', { indicator: 'latency' }, [act('AUTO_SCALE', 1, { params: { replicas: '+1', maxReplicas: 5 } })]),
  rule('restart', { indicator: 'latency' }, [act('RESTART', 2)]),
  rule('alert', {}, [act('ALERT', 5)]),
  rule('manual', {}, [act('MANUAL', 9)], { fallback: true }),
]);
const latency = () => incident({ service: 'cart', indicator: 'latency', score: 0.9 }, [anomaly('cart', 'p99Ms', 900, 100)]);
const stats = (o: Partial<ActionStats> & Pick<ActionStats, 'actionType'>): ActionStats => ({
  service: 'cart',
  faultPattern: 'unknown',
  successes: 0,
  failures: 0,
  recentFailures: 0,
  ...o,
});
const order = (xs: { type: string }[]) => xs.map((x) => x.type);

describe('ranking', () => {
  it('without history: priority, then lower risk', () => {
    expect(order(decide(input({ incident: latency(), rules: scaleOrRestart })))).toEqual(['AUTO_SCALE', 'RESTART', 'ALERT']);
  });

  it('a Laplace-smoothed success rate for the fault pattern beats priority', () => {
    // RESTART 5/6, ALERT untried 1/2, AUTO_SCALE 2/7: an action that mostly failed falls below a plain alert.
    const history = [stats({ actionType: 'AUTO_SCALE', successes: 1, failures: 4 }), stats({ actionType: 'RESTART', successes: 4, failures: 0 })];
    expect(order(decide(input({ incident: latency(), rules: scaleOrRestart, history })))).toEqual(['RESTART', 'ALERT', 'AUTO_SCALE']);
  });

  it('history of another fault pattern or service does not count for the rate', () => {
    const history = [
      stats({ actionType: 'RESTART', successes: 9, faultPattern: 'memory-leak' }),
      stats({ actionType: 'RESTART', successes: 9, service: 'payments' }),
    ];
    expect(order(decide(input({ incident: latency(), rules: scaleOrRestart, history })))[0]).toBe('AUTO_SCALE');
  });

  it('smoothing: one success in one try (2/3) ranks below 19 of 20 (20/22), which a raw ratio would invert', () => {
    const history = [stats({ actionType: 'AUTO_SCALE', successes: 19, failures: 1 }), stats({ actionType: 'RESTART', successes: 1 })];
    expect(order(decide(input({ incident: latency(), rules: scaleOrRestart, history })))).toEqual(['AUTO_SCALE', 'RESTART', 'ALERT']);
    const swapped = [stats({ actionType: 'AUTO_SCALE', successes: 1 }), stats({ actionType: 'RESTART', successes: 19, failures: 1 })];
    expect(order(decide(input({ incident: latency(), rules: scaleOrRestart, history: swapped })))).toEqual(['RESTART', 'AUTO_SCALE', 'ALERT']);
  });

  it('equal rate and priority: the lower risk wins', () => {
    const rs = rules([rule('a', {}, [act('RESTART', 1)]), rule('b', {}, [act('RATE_LIMIT', 1)])]);
    expect(order(decide(input({ incident: latency(), rules: rs })))).toEqual(['RATE_LIMIT', 'RESTART']);
  });
});

describe('cooldowns and duplicates', () => {
  it('drops an action of the same (service, type) proposed within the cooldown, whatever its pattern', () => {
    const recent = [stats({ actionType: 'AUTO_SCALE', faultPattern: 'other', lastProposedAt: OFF_PEAK - 5 * 60_000 })];
    const d = decideWithTrace(input({ incident: latency(), rules: scaleOrRestart, history: recent }));
    expect(order(d.proposed)).toEqual(['RESTART', 'ALERT']);
    expect(d.dropped.map((x) => x.reason)).toEqual([expect.stringMatching(/^cooldown: AUTO_SCALE on cart was proposed 300s ago/)]);

    const old = [stats({ actionType: 'AUTO_SCALE', lastProposedAt: OFF_PEAK - 10 * 60_000 })];
    expect(order(decide(input({ incident: latency(), rules: scaleOrRestart, history: old })))[0]).toBe('AUTO_SCALE');
  });

  it('an action-level cooldown overrides the rule cooldown', () => {
    const rs = rules([rule('r', {}, [act('RESTART', 1, { cooldown: '1h' })])]);
    const history = [stats({ actionType: 'RESTART', lastProposedAt: OFF_PEAK - 30 * 60_000 })];
    expect(decide(input({ incident: latency(), rules: rs, history }))).toEqual([]);
  });

  it('keeps one action per (service, type): the best ranked, noting the other rule', () => {
    const rs = rules([rule('first', {}, [act('RESTART', 1)]), rule('second', {}, [act('RESTART', 3)])]);
    const d = decideWithTrace(input({ incident: latency(), rules: rs }));
    expect(d.proposed).toHaveLength(1);
    expect(d.proposed[0]!.ruleId).toBe('first');
    expect(d.proposed[0]!.reason).toContain('also suggested by rule second');
    expect(d.dropped[0]!.reason).toMatch(/^duplicate of RESTART on cart from rule first/);
  });
});

describe('guards', () => {
  it('kill switch: no mutating action, the alert and the MANUAL fallback remain', () => {
    const config = { ...DEFAULT_DECISION_CONFIG, killSwitch: true };
    const d = decideWithTrace(input({ incident: latency(), rules: scaleOrRestart, config }));
    expect(order(d.proposed)).toEqual(['ALERT', 'MANUAL']);
    expect(d.dropped.every((x) => /kill switch/.test(x.reason))).toBe(true);
  });

  it('namespace allow-list: only targets in allowed namespaces', () => {
    const config = { ...DEFAULT_DECISION_CONFIG, allowedNamespaces: ['staging'] };
    const prod = decide(input({ incident: latency(), rules: scaleOrRestart, config, workloads: { cart: { namespace: 'prod' } } }));
    expect(order(prod)).toEqual(['ALERT', 'MANUAL']);
    const staging = decide(input({ incident: latency(), rules: scaleOrRestart, config, workloads: { cart: { namespace: 'staging' } } }));
    expect(order(staging)).toEqual(['AUTO_SCALE', 'RESTART', 'ALERT']);
  });

  it.each([
    [0, 3, ['AUTO_SCALE', 'RESTART', 'ALERT']],
    [2, 3, ['AUTO_SCALE', 'ALERT']],
    [3, 3, ['ALERT', 'MANUAL']],
    [0, 1, ['AUTO_SCALE', 'ALERT']],
  ])('max concurrent: %d running of %d allowed → %j', (running, max, want) => {
    const config = { ...DEFAULT_DECISION_CONFIG, maxConcurrentActions: max };
    expect(order(decide(input({ incident: latency(), rules: scaleOrRestart, config, runningActions: running })))).toEqual(want);
  });
});

describe('matching', () => {
  const probe = (when: Record<string, unknown>) => rules([rule('probe', when, [act('RESTART', 1)])]);
  const dbIncident = () =>
    incident({ service: 'orders-db', indicator: 'database', score: 0.7 }, [anomaly('orders', 'p99Ms', 800, 100), anomaly('api', 'errorRate', 0.3, 0.01)], {
      severity: 'medium',
    });
  it.each([
    [{ severityAtLeast: 'medium' }, true],
    [{ severityAtLeast: 'high' }, false],
    [{ service: 'orders-*' }, true],
    [{ service: ['cart', 'pay?ents'] }, false],
    [{ rootKind: 'database' }, true],
    [{ rootKind: 'service' }, false],
    [{ indicator: ['database', 'dependency'] }, true],
    [{ features: ['callers.p99Ms ratio >= 8'] }, true],
    [{ features: ['callers.p99Ms ratio > 8'] }, false],
    [{ features: ['callers.errorRate > 0.2'] }, true],
    [{ features: ['errorRate > 0.2'] }, false],
    [{ features: ['any.p99Ms >= 800', 'any.errorRate ratio >= 30'] }, true],
    [{ minRootScore: 0.8 }, false],
    [{ newVersion: false }, true],
    [{ faultPattern: 'unknown' }, true],
  ])('%j → %s', (when, matches) => {
    expect(decide(input({ incident: dbIncident(), rules: probe(when) })).length > 0).toBe(matches);
  });

  it('without a root cause: the first incident service is the target, confidence 0', () => {
    const inc = incident({ service: 'cart', indicator: 'latency' }, [anomaly('cart', 'p99Ms', 900, 100)], { rootCauses: [] });
    const [a] = decide(input({ incident: inc, rules: rules([rule('alert', {}, [act('ALERT', 1)])]) }));
    expect(a!.target.service).toBe('cart');
    expect(a!.confidence).toBe(0);
    expect(a!.riskScore).toBeCloseTo(expectedRisk(0.1, { confidence: 0 }), 12);
    expect(decide(input({ incident: inc, rules: probe({ indicator: 'latency' }) }))).toEqual([]);
  });

  it('renders placeholders and leaves out params whose values are unknown', () => {
    const rs = rules([rule('r', {}, [act('ROLLBACK', 1, { params: { to: '{{previousVersion}}', note: '{{severity}} on {{service}} in {{namespace}}', n: 3 } })])]);
    const [a] = decide(input({ incident: latency(), rules: rs }));
    expect(a!.params).toEqual({ note: 'high on cart in default', n: 3 });
  });
});

describe('risk, approval and blast radius in proposals', () => {
  it('peak hours and recent failures of that type on that service raise the risk', () => {
    const rs = rules([rule('r', {}, [act('AUTO_SCALE', 1, { params: { replicas: '+1', maxReplicas: 4 } })], { confidence: 1 })]);
    const history = [stats({ actionType: 'AUTO_SCALE', recentFailures: 2, faultPattern: 'a' }), stats({ actionType: 'AUTO_SCALE', recentFailures: 1, faultPattern: 'b' })];
    const [a] = decide(input({ incident: latency(), rules: rs, history, now: PEAK }));
    const want = expectedRisk(0.5, { confidence: 0.9, peak: true, failures: 3 });
    expect(a!.riskScore).toBeCloseTo(want, 12);
    expect(a!.requiresApproval).toBe(want > 0.7);
    expect(a!.requiredApprovers).toBe(want >= 0.9 ? 2 : 1);
  });

  it('a configured timezone moves the peak', () => {
    const rs = rules([rule('r', {}, [act('ALERT', 1)], { confidence: 1 })]);
    const config = { ...DEFAULT_DECISION_CONFIG, utcOffsetMinutes: 7 * 60 }; // 03:00 UTC = 10:00 local
    const [a] = decide(input({ incident: latency(), rules: rs, config }));
    expect(a!.riskScore).toBeCloseTo(expectedRisk(0.1, { confidence: 0.9, peak: true }), 12);
  });

  it('blast radius: callers transitively, nearest first, bounded by hops, cycle-safe', () => {
    const rs = rules([rule('r', {}, [act('RESTART', 1)])]);
    expect(decide(input({ incident: latency(), rules: rs }))[0]!.blastRadius).toEqual(['api', 'web']);
    const oneHop = { ...DEFAULT_DECISION_CONFIG, blastRadiusHops: 1 };
    expect(decide(input({ incident: latency(), rules: rs, config: oneHop }))[0]!.blastRadius).toEqual(['api']);
    const g = input({ incident: latency(), rules: rs }).graph;
    const cyclic = { ...g, edges: [...g.edges, { from: 'cart', to: 'web', calls: 1, errors: 0, p99Ms: null }] };
    expect(decide(input({ incident: latency(), rules: rs, graph: cyclic }))[0]!.blastRadius).toEqual(['api', 'web']);
  });
});
