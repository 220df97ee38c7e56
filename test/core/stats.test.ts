import { describe, expect, it } from 'vitest';
import { mad, madHigh, median, medianHigh, quantile, quantileSorted } from '../../src/core/stats.js';

// Every expected value below is worked out by hand from the sorted sample.
describe('the one statistics module (src/core/stats.ts)', () => {
  it('median: the middle value, or the mean of the two middle ones', () => {
    expect(median([7, 1, 5])).toBe(5); // 1 5 7
    expect(median([3, 1, 2, 10])).toBe(2.5); // 1 2 | 3 10 → (2 + 3) / 2
    expect(median([4])).toBe(4);
    expect(median([])).toBeNaN();
  });

  it('median of the first n values only, and the caller’s array stays in its order', () => {
    const xs = [9, 1, 8, 100, -5];
    expect(median(xs, 3)).toBe(8); // 1 8 9
    expect(xs).toEqual([9, 1, 8, 100, -5]);
  });

  it('MAD around a given centre', () => {
    // |1-3| |2-3| |3-3| |4-3| |100-3| = 2 1 0 1 97 → sorted 0 1 1 2 97 → 1
    expect(mad([1, 2, 3, 4, 100], 3)).toBe(1);
    expect(mad([], 0)).toBeNaN();
  });

  it('high median and its MAD: the upper middle value of an even count, always a value of the sample', () => {
    expect(medianHigh([3, 1, 2, 10])).toBe(3); // 1 2 | 3 10 → the upper one, not 2.5
    expect(medianHigh([7, 1, 5])).toBe(5); // odd count: the plain median
    expect(medianHigh([])).toBeNaN();
    // |1-3| |2-3| |3-3| |10-3| = 2 1 0 7 → sorted 0 1 | 2 7 → 2 (mad would give 1.5)
    expect(madHigh([1, 2, 3, 10], 3)).toBe(2);
    expect(mad([1, 2, 3, 10], 3)).toBe(1.5);
    expect(madHigh([], 0)).toBeNaN();
  });

  it('quantiles interpolate linearly between order statistics (type 7)', () => {
    // positions (n-1)·q over 1 2 3 4 5: q=0.9 → 3.6 → 4 + 0.6·(5-4) = 4.6; q=0.25 → 1 → 2
    expect(quantile([5, 3, 1, 4, 2], 0.9)).toBeCloseTo(4.6, 12);
    expect(quantile([5, 3, 1, 4, 2], 0.25)).toBe(2);
    // 10 20 30 40, q=0.5 → position 1.5 → 25; q beyond [0, 1] is clamped
    expect(quantileSorted([10, 20, 30, 40], 0.5)).toBe(25);
    expect(quantileSorted([10, 20, 30, 40], 2)).toBe(40);
    expect(quantileSorted([10, 20, 30, 40], -1)).toBe(10);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('sorts numerically, not as text (a string sort would put 100 before 9)', () => {
    expect(median([100, 9, 20])).toBe(20);
  });
});
