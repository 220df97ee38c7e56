import { describe, expect, it } from 'vitest';
import { decisionConfig } from '../../../src/decision/engine/decision-config.js';
import { DEFAULT_DECISION_CONFIG } from '../../../src/decision/engine/types.js';

describe('decisionConfig', () => {
  it('fills every key from the defaults', () => {
    expect(decisionConfig()).toEqual(DEFAULT_DECISION_CONFIG);
    expect(decisionConfig({ killSwitch: true, peakHours: [{ from: '09:00', to: '17:30' }] })).toMatchObject({
      killSwitch: true,
      peakHours: [{ from: '09:00', to: '17:30' }],
      approvalThreshold: 0.7,
    });
  });

  it.each([
    [{ peakHours: [{ from: '9am', to: '12:00' }] }, ['peakHours', 0, 'from']],
    [{ approvalThreshold: 1.5 }, ['approvalThreshold']],
    [{ utcOffsetMinutes: 60 * 15 }, ['utcOffsetMinutes']],
    [{ killswitch: true }, []],
  ])('rejects %j at %j', (settings, path) => {
    expect(() => decisionConfig(settings)).toThrow();
    try {
      decisionConfig(settings);
    } catch (e) {
      expect((e as { issues: { path: unknown[] }[] }).issues[0]!.path).toEqual(path);
    }
  });
});
