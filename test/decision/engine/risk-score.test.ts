import { describe, expect, it } from 'vitest';
import { isPeakHour } from '../../../src/decision/risk/peak-hours.js';
import { approvalFor, riskScore, type RiskInput } from '../../../src/decision/risk/risk-score.js';
import type { ActionType } from '../../../src/decision/engine/types.js';
import { expectedRisk } from './builders.js';

const DEFAULT_PEAKS = [
  { from: '10:00', to: '12:00' },
  { from: '14:00', to: '16:00' },
];
const at = (h: number, m = 0, s = 0, ms = 0) => Date.UTC(2026, 0, 15, h, m, s, ms);
const OFF = at(3);
const base = (o: Partial<RiskInput> & Pick<RiskInput, 'type' | 'confidence'>): RiskInput => ({
  eventTime: OFF,
  peakHours: DEFAULT_PEAKS,
  utcOffsetMinutes: 0,
  recentFailures: 0,
  ...o,
});

/** The seed's table, restated here as the specification. */
const SEED_BASE: [ActionType, number][] = [
  ['ALERT', 0.1],
  ['RATE_LIMIT', 0.3],
  ['CIRCUIT_BREAK', 0.4],
  ['AUTO_SCALE', 0.5],
  ['RESTART', 0.7],
  ['ROLLBACK', 0.8],
  ['MANUAL', 0.2],
];

describe('riskScore', () => {
  it.each(SEED_BASE)('%s at full confidence, off-peak, no failures is its base %d', (type, b) => {
    expect(riskScore(base({ type, confidence: 1 })).score).toBeCloseTo(b, 12);
  });

  it.each([
    { type: 'ALERT', b: 0.1, confidence: 0.5, failures: 0, peak: false },
    { type: 'AUTO_SCALE', b: 0.5, confidence: 0.8, failures: 0, peak: true },
    { type: 'RATE_LIMIT', b: 0.3, confidence: 0.6, failures: 3, peak: true },
    { type: 'CIRCUIT_BREAK', b: 0.4, confidence: 0.9, failures: 1, peak: false },
    { type: 'MANUAL', b: 0.2, confidence: 0, failures: 2, peak: true },
    { type: 'RESTART', b: 0.7, confidence: 0.72, failures: 0, peak: false },
    // cap: 0.7 × 1.3 × 1.2 × 1.5 ≈ 1.64 → 1
    { type: 'RESTART', b: 0.7, confidence: 0.5, failures: 2, peak: true },
    { type: 'ROLLBACK', b: 0.8, confidence: 0.3, failures: 0, peak: false },
  ] as const)('$type conf=$confidence failures=$failures peak=$peak follows the formula', ({ type, b, confidence, failures, peak }) => {
    const r = riskScore(base({ type, confidence, recentFailures: failures, eventTime: peak ? at(10, 30) : OFF }));
    const want = expectedRisk(b, { peak, failures, confidence });
    expect(r.score).toBeCloseTo(want, 12);
    expect(r.score).toBeLessThanOrEqual(1);
    expect(r.factors).toEqual({ base: b, peak: peak ? 1.3 : 1, failures: 1 + 0.1 * failures, confidence: 2 - confidence });
  });

  it('caps at exactly 1 and keeps the uncapped product for explanations', () => {
    const r = riskScore(base({ type: 'ROLLBACK', confidence: 0.2, recentFailures: 4, eventTime: at(15) }));
    expect(r.score).toBe(1);
    expect(r.uncapped).toBeCloseTo(0.8 * 1.3 * 1.4 * 1.8, 12);
  });

  it('clamps confidence to [0, 1] and ignores negative failure counts', () => {
    expect(riskScore(base({ type: 'AUTO_SCALE', confidence: 1.7 })).score).toBeCloseTo(0.5, 12);
    expect(riskScore(base({ type: 'ALERT', confidence: -3 })).score).toBeCloseTo(0.2, 12);
    expect(riskScore(base({ type: 'ALERT', confidence: 1, recentFailures: -5 })).score).toBeCloseTo(0.1, 12);
  });

  it('each extra recent failure adds 10 % of the product', () => {
    const risks = [0, 1, 2, 3].map((f) => riskScore(base({ type: 'RATE_LIMIT', confidence: 1, recentFailures: f })).score);
    risks.forEach((r, f) => expect(r).toBeCloseTo(0.3 * (1 + 0.1 * f), 12));
  });
});

describe('isPeakHour (start inclusive, end exclusive)', () => {
  it.each([
    [at(9, 59, 59, 999), false],
    [at(10, 0), true],
    [at(11, 59, 59, 999), true],
    [at(12, 0), false],
    [at(13, 0), false],
    [at(14, 0), true],
    [at(15, 59), true],
    [at(16, 0), false],
    [at(0, 0), false],
  ])('%s → %s', (t, want) => {
    expect(isPeakHour(t, DEFAULT_PEAKS, 0)).toBe(want);
  });

  it('reads the clock in the configured offset: 02:30 UTC is 10:30 at UTC+8, 10:30 UTC is 18:30 there', () => {
    expect(isPeakHour(at(2, 30), DEFAULT_PEAKS, 480)).toBe(true);
    expect(isPeakHour(at(10, 30), DEFAULT_PEAKS, 480)).toBe(false);
    expect(isPeakHour(at(15, 30), DEFAULT_PEAKS, -300)).toBe(true); // 10:30 at UTC−5
  });

  it('a window that ends before it starts wraps past midnight; malformed windows never match', () => {
    const night = [{ from: '22:00', to: '02:00' }];
    expect(isPeakHour(at(23), night)).toBe(true);
    expect(isPeakHour(at(1, 59), night)).toBe(true);
    expect(isPeakHour(at(2), night)).toBe(false);
    expect(isPeakHour(at(10, 30), [{ from: '10', to: 'noon' }])).toBe(false);
  });

  it('the peak factor reaches the score only inside the window', () => {
    const inside = riskScore(base({ type: 'AUTO_SCALE', confidence: 1, eventTime: at(14, 0) })).score;
    const edge = riskScore(base({ type: 'AUTO_SCALE', confidence: 1, eventTime: at(16, 0) })).score;
    expect(inside).toBeCloseTo(0.5 * 1.3, 12);
    expect(edge).toBeCloseTo(0.5, 12);
  });
});

describe('approvalFor', () => {
  const policy = { approvalThreshold: 0.7, dualApprovalRisk: 0.9 };
  it.each([
    ['RESTART', 0.7, false, 1],
    ['RESTART', 0.7000001, true, 1],
    ['AUTO_SCALE', 0.89, true, 1],
    ['AUTO_SCALE', 0.9, true, 2],
    ['ALERT', 0.2, false, 1],
    ['ROLLBACK', 0.8, true, 2],
    ['CIRCUIT_BREAK', 1, true, 2],
  ] as const)('%s at risk %d → approval %s by %d', (type, risk, requiresApproval, requiredApprovers) => {
    expect(approvalFor(type, risk, policy)).toEqual({ requiresApproval, requiredApprovers });
  });

  it('follows a configured threshold, but a ROLLBACK still needs two approvers', () => {
    const loose = { approvalThreshold: 0.85, dualApprovalRisk: 0.95 };
    expect(approvalFor('RESTART', 0.8, loose)).toEqual({ requiresApproval: false, requiredApprovers: 1 });
    expect(approvalFor('ROLLBACK', 0.8, loose)).toEqual({ requiresApproval: true, requiredApprovers: 2 });
  });
});
