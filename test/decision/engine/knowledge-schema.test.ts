import { describe, expect, it } from 'vitest';
import { FaultPatternSchema, RuleSchema } from '../../../src/decision/knowledge-schema.js';

const rule = (over: Record<string, unknown>) => ({
  id: 'r',
  description: 'd',
  actions: [{ type: 'ALERT', priority: 1 }],
  cooldown: '5m',
  ...over,
});

describe('feature conditions', () => {
  it.each([
    ['errorRate > 0.2', { scope: 'root', feature: 'errorRate', ratio: false, op: '>', value: 0.2 }],
    ['p99Ms ratio >= 3', { scope: 'root', feature: 'p99Ms', ratio: true, op: '>=', value: 3 }],
    ['callers.p99Ms ratio>=1.5', { scope: 'callers', feature: 'p99Ms', ratio: true, op: '>=', value: 1.5 }],
    ['any.throughput ratio < 0.5', { scope: 'any', feature: 'throughput', ratio: true, op: '<', value: 0.5 }],
    ['  cpu <= 0.9 ', { scope: 'root', feature: 'cpu', ratio: false, op: '<=', value: 0.9 }],
  ])('%s', (text, want) => {
    const parsed = RuleSchema.parse(rule({ when: { features: [text] } }));
    expect(parsed.when.features![0]).toEqual({ ...want, text });
  });

  it.each(['latency > 3', 'errorRate => 0.2', 'p99Ms ratio', 'up.p99Ms > 1', 'errorRate > high'])('rejects %j', (text) => {
    const r = RuleSchema.safeParse(rule({ when: { features: [text] } }));
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['when', 'features', 0]);
  });
});

describe('rules', () => {
  it('fills defaults and turns durations into ms', () => {
    const r = RuleSchema.parse(rule({ cooldown: '1.5h', actions: [{ type: 'RESTART', priority: 2, cooldown: '90s' }] }));
    expect(r).toMatchObject({ cooldown: 5_400_000, confidence: 0.9, fallback: false, when: {} });
    expect(r.actions[0]).toMatchObject({ target: 'root', params: {}, cooldown: 90_000 });
  });

  it.each([
    ['a misspelt key', { when: { sevrity: 'high' } }, ['when']],
    ['an unknown action type', { actions: [{ type: 'REBOOT', priority: 1 }] }, ['actions', 0, 'type']],
    ['a bad duration', { cooldown: '5 minutes' }, ['cooldown']],
    ['an unknown placeholder', { actions: [{ type: 'ALERT', priority: 1, params: { s: '{{owner}}' } }] }, ['actions', 0, 'params', 's']],
    ['AUTO_SCALE without a bound', { actions: [{ type: 'AUTO_SCALE', priority: 1, params: { replicas: '+2' } }] }, ['actions', 0, 'params', 'maxReplicas']],
    ['AUTO_SCALE with a bad replicas spec', { actions: [{ type: 'AUTO_SCALE', priority: 1, params: { replicas: '2x', maxReplicas: 4 } }] }, ['actions', 0, 'params', 'replicas']],
    ['a priority of 0', { actions: [{ type: 'ALERT', priority: 0 }] }, ['actions', 0, 'priority']],
    ['no actions', { actions: [] }, ['actions']],
    ['an id that is not kebab-case', { id: 'Memory Leak' }, ['id']],
    ['a steady feature that does not exist', { when: { steady: ['traffic'] } }, ['when', 'steady']],
  ])('rejects %s', (_, over, path) => {
    const r = RuleSchema.safeParse(rule(over));
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path)).toContainEqual(path);
  });

  it('reads `steady` as one feature or a list of them', () => {
    expect(RuleSchema.parse(rule({ when: { steady: 'throughput' } })).when.steady).toEqual(['throughput']);
    expect(RuleSchema.parse(rule({ when: { steady: ['throughput', 'errorRate'] } })).when.steady).toEqual(['throughput', 'errorRate']);
  });

  it('accepts the replica specs "+N", "xF" and a count', () => {
    for (const replicas of ['+2', 'x1.5', '6', 6]) {
      expect(RuleSchema.safeParse(rule({ actions: [{ type: 'AUTO_SCALE', priority: 1, params: { replicas, maxReplicas: 8 } }] })).success).toBe(true);
    }
  });
});

describe('fault patterns', () => {
  it('need at least one signature entry and a known feature', () => {
    const base = { id: 'p', description: 'd', fault: 'cpu', root: { indicators: ['saturation'] } };
    expect(FaultPatternSchema.safeParse({ ...base, signature: [] }).success).toBe(false);
    expect(FaultPatternSchema.safeParse({ ...base, signature: [{ feature: 'heat', direction: 'up' }] }).success).toBe(false);
    expect(FaultPatternSchema.parse({ ...base, signature: [{ feature: 'cpu', direction: 'up' }] }).signature[0]).toEqual({
      feature: 'cpu',
      direction: 'up',
      on: 'root',
      minRatio: 1,
      weight: 1,
      required: false,
    });
  });
});
