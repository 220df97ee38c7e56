import { describe, expect, it } from 'vitest';
import { CALLERS_OPERATION, type FeatureWindow } from '../../src/core/index.js';
import type { Detector } from '../../src/core/detector.js';
import { runDetector, scoreRuns } from '../../src/models/compare-detectors.js';
import type { LabelledStream } from '../../src/models/labelled-windows.js';
import { fw, MIN, T0 } from '../detectors/rows.js';

/** geocoder's own row, one of its operations and its callers' view, minutes 0–9; a fault on geocoder in minutes 5–7. */
const stream = (): LabelledStream => ({
  name: 'wire',
  rows: Array.from({ length: 10 }, (_, i) => ['', 'GET /geo', CALLERS_OPERATION].map((operation): FeatureWindow => fw(T0 + i * MIN, { service: 'geocoder', operation }))).flat(),
  faults: [{ nodes: ['geocoder'], from: T0 + 5 * MIN, to: T0 + 8 * MIN, kind: 'network' }],
  scoreFrom: T0,
});

/** Reports every row of `operation` in minutes 5–7, and records which operations it was fed. */
function reporter(operation: string): Detector & { fed: Set<string> } {
  const fed = new Set<string>();
  return {
    name: 'scripted',
    fed,
    warm() {},
    observe(rows) {
      for (const r of rows) fed.add(r.operation);
      return rows
        .filter((r) => r.operation === operation && r.windowStart >= T0 + 5 * MIN && r.windowStart < T0 + 8 * MIN)
        .map((r) => ({ service: r.service, operation: r.operation, feature: 'p50Ms', windowStart: new Date(r.windowStart).toISOString(), value: 2, baseline: 1, score: 8, direction: 'up' }));
    },
  };
}

describe('runDetector: what the side-by-side eval feeds and counts', () => {
  it('feeds the service rows and their callers\' view (not operation rows), and an anomaly of the callers\' view flags the service', async () => {
    const d = reporter(CALLERS_OPERATION);
    const s = scoreRuns([await runDetector(d, stream())]);
    expect([...d.fed].sort()).toEqual(['', CALLERS_OPERATION]);
    expect(s).toMatchObject({ tp: 3, fp: 0, fn: 0, faultsFound: 1, falseIncidents: 0 });
  });

  it('an operation row is not fed, so nothing of it is counted', async () => {
    const s = scoreRuns([await runDetector(reporter('GET /geo'), stream())]);
    expect(s).toMatchObject({ tp: 0, fn: 3, faultsFound: 0 });
  });
});
