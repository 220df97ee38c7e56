import { describe, expect, it } from 'vitest';
import { RESIDUAL_FEATURE_NAMES, ResidualNormalizer } from '../../../src/detectors/learned/residuals.js';
import { fw, MIN, T0 } from '../rows.js';

const CPU = RESIDUAL_FEATURE_NAMES.indexOf('cpu');
const MEMORY = RESIDUAL_FEATURE_NAMES.indexOf('memory');

describe('ResidualNormalizer', () => {
  it('warms up for 5 windows, then gives z = (x − median) / (1.4826·MAD) computed by hand', () => {
    const n = new ResidualNormalizer();
    const cpu = [0.1, 0.2, 0.3, 0.4, 0.5];
    cpu.forEach((c, i) => expect(n.next(fw(T0 + i * MIN, { cpu: c }))).toBeNull());
    // median 0.3, MAD = median(0.2, 0.1, 0, 0.1, 0.2) = 0.1 → scale 0.14826; (0.9 − 0.3) / 0.14826 = 4.04695
    const v = n.next(fw(T0 + 5 * MIN, { cpu: 0.9 }))!;
    expect(v).not.toBeNull();
    expect(v.z[CPU]).toBeCloseTo(4.04695, 4);
    expect(v.baseline[CPU]).toBeCloseTo(0.3, 9);
    // constant features (throughput, latencies) sit on their median: 0
    expect(v.z[RESIDUAL_FEATURE_NAMES.indexOf('p95Ms')]).toBe(0);
    // memory is missing in every window: 0 (no evidence either way) and no baseline
    expect(v.z[MEMORY]).toBe(0);
    expect(Number.isNaN(v.baseline[MEMORY]!)).toBe(true);
  });

  it('uses the floor on a flat series and clips |z| at 10', () => {
    const n = new ResidualNormalizer();
    for (let i = 0; i < 5; i++) n.next(fw(T0 + i * MIN, { cpu: 0.1 }));
    // MAD 0 → floor 0.03: (0.16 − 0.1) / 0.03 = 2
    expect(n.next(fw(T0 + 5 * MIN, { cpu: 0.16 }))!.z[CPU]).toBeCloseTo(2, 5);
    // (0.5 − 0.1) / 0.03 = 13.3 → clipped to 10
    expect(n.next(fw(T0 + 6 * MIN, { cpu: 0.5 }))!.z[CPU]).toBe(10);
  });

  it('adopts a new level after 30 rejected values in a row', () => {
    const n = new ResidualNormalizer();
    let t = T0;
    for (let i = 0; i < 5; i++) n.next(fw((t += MIN), { cpu: 0.1 }));
    const zs: number[] = [];
    for (let i = 0; i < 32; i++) zs.push(n.next(fw((t += MIN), { cpu: 0.5 }))!.z[CPU]!);
    // the first 30 are rejected (|z| = 10 ≥ 4) and stay anomalous; the 30th clears the history and seeds it with 0.5
    expect(zs.slice(0, 30)).toEqual(new Array(30).fill(10));
    // afterwards the new level warms up again (no z: 0) and then reads as normal
    expect(zs[30]).toBe(0);
    for (let i = 0; i < 5; i++) n.next(fw((t += MIN), { cpu: 0.5 }));
    expect(n.next(fw((t += MIN), { cpu: 0.5 }))!.z[CPU]).toBe(0);
    expect(n.next(fw((t += MIN), { cpu: 0.5 }))!.baseline[CPU]).toBeCloseTo(0.5, 9);
  });

  it('returns null for a window out of order', () => {
    const n = new ResidualNormalizer();
    for (let i = 0; i < 6; i++) n.next(fw(T0 + i * MIN, { cpu: 0.1 }));
    expect(n.next(fw(T0 + 2 * MIN, { cpu: 0.1 }))).toBeNull();
  });
});
