import { describe, expect, it } from 'vitest';
import type { FeatureWindow, InboundSummary } from '../../src/core/index.js';
import { createRecentWindows, type WindowSource } from '../../src/pipeline/recent-windows.js';
import { edgeWindow, featureRow } from '../stores/fixtures.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 10, 10, 0);

function fallback(): WindowSource & { calls: number } {
  const f = {
    calls: 0,
    features: async (): Promise<FeatureWindow[]> => {
      f.calls++;
      return [];
    },
    inbound: async (): Promise<InboundSummary> => {
      f.calls++;
      return { windows: [], edges: [] };
    },
  };
  return f;
}

describe('recent windows', () => {
  it('serves a range it has seen in full from memory, service-level rows only, without sketches', async () => {
    const recent = createRecentWindows();
    for (let m = 0; m < 30; m++) {
      recent.add(
        [featureRow({ service: 'api', windowStart: T0 + m * MIN, sketch: new Uint8Array([1]) }), featureRow({ service: 'api', operation: 'GET /x', windowStart: T0 + m * MIN })],
        [edgeWindow({ caller: 'api', callee: 'db', windowStart: T0 + m * MIN })],
      );
    }
    const fb = fallback();
    const src = recent.source(fb);
    const rows = await src.features(T0 + 10 * MIN, T0 + 20 * MIN);
    expect(rows.map((r) => r.windowStart)).toEqual(Array.from({ length: 10 }, (_, k) => T0 + (10 + k) * MIN));
    expect(rows.every((r) => r.operation === '' && r.sketch === null)).toBe(true);
    expect(await src.inbound(T0 + 10 * MIN, T0 + 12 * MIN)).toMatchObject({ windows: [{ caller: '*', callee: 'db' }, { caller: '*', callee: 'db' }], edges: [{ caller: 'api', callee: 'db' }] });
    expect(fb.calls).toBe(0);
    // Before the first windows it saw (plus a margin for services that closed a little earlier): the stores.
    await src.features(T0, T0 + 10 * MIN);
    expect(fb.calls).toBe(1);
  });

  it('replaces a re-closed window and forgets windows past its horizon', async () => {
    const recent = createRecentWindows(20 * MIN);
    recent.add([featureRow({ service: 'api', windowStart: T0, requests: 1 })], []);
    recent.add([featureRow({ service: 'api', windowStart: T0, requests: 7 })], []);
    expect(recent.size().features).toBe(1);
    for (let m = 1; m <= 40; m++) recent.add([featureRow({ service: 'api', windowStart: T0 + m * MIN })], []);
    expect(recent.size().features).toBe(21);
    const fb = fallback();
    await recent.source(fb).features(T0 + 5 * MIN, T0 + 30 * MIN);
    expect(fb.calls).toBe(1);
    expect(await recent.source(fb).features(T0 + 25 * MIN, T0 + 30 * MIN)).toHaveLength(5);
  });

  it('reads only the part of a range before its coverage from the stores, the rest from memory', async () => {
    const recent = createRecentWindows();
    // First window seen at T0 + 20 min: the cache holds everything from T0 + 25 min (a 5-minute margin).
    for (let m = 20; m < 30; m++) recent.add([featureRow({ service: 'api', windowStart: T0 + m * MIN, sketch: null })], [edgeWindow({ caller: 'api', callee: 'db', windowStart: T0 + m * MIN, calls: 10 })]);
    const asked: string[] = [];
    const stores: WindowSource = {
      features: async (from, to) => {
        asked.push(`features ${(from - T0) / MIN}-${(to - T0) / MIN}`);
        return [featureRow({ service: 'api', windowStart: T0 + 24 * MIN, requests: 1, sketch: null })];
      },
      inbound: async (from, to) => {
        asked.push(`inbound ${(from - T0) / MIN}-${(to - T0) / MIN}`);
        return { windows: [edgeWindow({ caller: '*', callee: 'db', windowStart: T0 + 24 * MIN, calls: 4 })], edges: [{ caller: 'api', callee: 'db', calleeKind: 'database', calls: 4 }] };
      },
    };
    const src = recent.source(stores);
    const rows = await src.features(T0 + 24 * MIN, T0 + 27 * MIN);
    expect(rows.map((r) => [(r.windowStart - T0) / MIN, r.requests])).toEqual([[24, 1], [25, 120], [26, 120]]);
    const inbound = await src.inbound(T0 + 24 * MIN, T0 + 27 * MIN);
    expect(inbound.windows.map((w) => [(w.windowStart - T0) / MIN, w.calls])).toEqual([[24, 4], [25, 10], [26, 10]]);
    expect(inbound.edges).toEqual([{ caller: 'api', callee: 'db', calleeKind: 'database', calls: 24 }]);
    expect(asked).toEqual(['features 24-25', 'inbound 24-25']);
  });
});
