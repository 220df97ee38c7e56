import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../src/features/latency-histogram.js';
import { newSketch } from '../../src/features/sketch-codec.js';

function compare(values: number[]): void {
  const h = new LatencyHistogram();
  const reference = newSketch();
  for (const v of values) {
    h.record(v);
    reference.accept(Math.max(0, v));
  }
  const s = h.toSketch()!;
  expect(s.count).toBe(values.length);
  for (const q of [0, 0.1, 0.5, 0.9, 0.95, 0.99, 1]) expect(s.getValueAtQuantile(q)).toBe(reference.getValueAtQuantile(q));
}

describe('latency histogram', () => {
  it('builds the same DDSketch as feeding the values directly (sparse: few requests)', () => {
    compare([3, 0, 7.5, 1200, 3, 0.2, 45, 45, 46]);
  });

  it('builds the same DDSketch after switching to dense bins (many requests, wide range)', () => {
    const values = Array.from({ length: 5000 }, (_, i) => (i % 97 === 0 ? 0 : 0.05 * Math.exp((i % 301) / 25)));
    compare(values);
  });

  it('keeps exact counts past 65 535 requests in one bucket', () => {
    compare([...Array.from({ length: 70_000 }, () => 12.5), ...Array.from({ length: 200 }, (_, i) => 1 + i)]);
  });

  it('returns no sketch when empty and clamps negative durations to zero', () => {
    const h = new LatencyHistogram();
    expect(h.toSketch()).toBeNull();
    h.record(-5);
    expect(h.toSketch()!.getValueAtQuantile(0.5)).toBe(0);
  });
});
