import { describe, expect, it } from 'vitest';
import { kendallTau, leakOrContention, leakOrContentionOfRows } from '../../src/detectors/resource-trend.js';
import { fw, MIN, T0 } from './rows.js';

const MiB = 1024 * 1024;
/** Hand-written rows: 6 minutes before the onset (minute 6), 6 after. cpu as a share of a core, memory in bytes. */
const rows = (cpu: number[], memMiB: number[]) => cpu.map((c, i) => fw(T0 + i * MIN, { cpu: c, memory: memMiB[i] * MiB }));

describe('leak or contention', () => {
  it('a memory leak (memory climbs every minute, cpu mildly up from GC) is memory, even when both change scores are capped alike', () => {
    const leak = rows(
      [0.30, 0.31, 0.29, 0.30, 0.32, 0.30, 0.34, 0.36, 0.35, 0.38, 0.37, 0.39],
      [400, 402, 399, 401, 400, 401, 430, 465, 500, 540, 575, 610],
    );
    // The caller's z-scores tie at their cap (memory is far less noisy than cpu): before, a tie went to cpu.
    expect(leakOrContentionOfRows(leak, T0 + 6 * MIN, 20, 20)).toBe('memory');
    expect(leakOrContentionOfRows(leak, T0 + 6 * MIN, 20, 5)).toBe('memory');
  });

  it('a leak whose cpu rose less than its memory did, relatively, is memory', () => {
    // cpu 0.2 → 0.34 (×1.7, beyond "mild"), memory 300 → 560 MiB (+87 %): the leak explains the GC cpu.
    const leak = rows(
      [0.20, 0.21, 0.19, 0.20, 0.20, 0.21, 0.30, 0.33, 0.34, 0.35, 0.34, 0.36],
      [300, 301, 300, 299, 300, 301, 340, 390, 430, 480, 520, 560],
    );
    expect(leakOrContentionOfRows(leak, T0 + 6 * MIN, 20, 12)).toBe('memory');
  });

  it('cpu contention (cpu jumps to a new level, memory flat) is cpu', () => {
    const contention = rows(
      [0.30, 0.31, 0.29, 0.30, 0.32, 0.30, 0.92, 0.95, 0.94, 0.96, 0.93, 0.95],
      [400, 402, 399, 401, 400, 401, 401, 400, 402, 399, 401, 400],
    );
    expect(leakOrContentionOfRows(contention, T0 + 6 * MIN, 20, 1)).toBe('cpu');
  });

  it('cpu saturated while memory drifts up a little (under 5 %) is cpu', () => {
    const contention = rows(
      [0.30, 0.31, 0.29, 0.30, 0.32, 0.30, 0.92, 0.95, 0.94, 0.96, 0.93, 0.95],
      [400, 402, 399, 401, 400, 401, 403, 405, 407, 409, 411, 413],
    );
    expect(leakOrContentionOfRows(contention, T0 + 6 * MIN, 20, 6)).toBe('cpu');
  });

  it('memory that jumps and stays (no climb) falls back to the larger change score', () => {
    const jump = [400, 400, 401, 399, 400, 400, 600, 598, 601, 599, 600, 600];
    const cpu = [0.3, 0.3, 0.31, 0.3, 0.29, 0.3, 0.6, 0.61, 0.6, 0.59, 0.6, 0.6];
    expect(leakOrContention(cpu, jump, 6, 20, 9)).toBe('cpu');
    expect(leakOrContention(cpu, jump, 6, 9, 20)).toBe('memory');
  });

  it('too few windows after the onset to tell a trend: the change scores decide; missing values are skipped', () => {
    expect(leakOrContention([0.3, 0.3, 0.3, 0.5, 0.5, 0.5], [400, 400, 400, 450, 500, 550], 3, 10, 8)).toBe('cpu');
    expect(leakOrContention([0.3, 0.3, 0.3, 0.3, 0.31, 0.3, 0.3, 0.3], [400, 400, 400, 430, null, 470, 500, 540], 3, 10, 8)).toBe('memory');
    expect(leakOrContention(undefined, undefined, 0, 1, 2)).toBe('memory');
  });

  it("Kendall's tau: +1 rising, -1 falling, 0 for a flat series", () => {
    expect(kendallTau([1, 2, 3, 4])).toBe(1);
    expect(kendallTau([4, 3, 2, 1])).toBe(-1);
    expect(kendallTau([5, 5, 5])).toBe(0);
    // 6 pairs of 1, 3, 2, 4: five rise, one (3 → 2) falls: (5 − 1) / 6
    expect(kendallTau([1, 3, 2, 4])).toBeCloseTo(4 / 6, 10);
  });
});
