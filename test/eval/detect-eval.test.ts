/**
 * `aiops eval detect` end to end on two small runs (CI-sized: 10 services, short warm-up): a traffic surge from an
 * uninstrumented client is detected on the surging service itself (strict matching), and a fault-free run of the
 * diverse profile (heavy tails, rare services, slow cycles, mix shifts) pages nobody.
 */
import { describe, expect, it } from 'vitest';
import { runDetectEval } from '../../src/eval/detect-eval.js';

describe('detection evaluation (2 small runs)', () => {
  it('detects a traffic surge strictly and raises no false incident on a healthy diverse system', async () => {
    const lines: string[] = [];
    const s = await runDetectEval(
      { seeds: 2, fromSeed: 21, cleanEvery: 2, profile: 'diverse', kinds: ['traffic'], services: () => 10, warmupMinutes: 35, faultMinutes: 8, recoveryMinutes: 6 },
      (l) => lines.push(l),
    );
    expect(lines).toHaveLength(2);
    expect(s.faults).toBe(1);
    expect(s.byKind.traffic?.detected).toBe(1);
    expect(s.falseIncidents).toBe(0);
  }, 900_000);
});
