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
});
