import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../src/core/index.js';
import { describeAnomalies } from '../../src/decision/anomaly-text.js';

const base: Anomaly = { service: 'otp', operation: '', feature: 'p95Ms', windowStart: '2026-12-05T09:00:00.000Z', value: 133, baseline: 40, score: 9 };

describe('anomaly descriptions in the incident timeline', () => {
  it('names the operation, so a service and its only operation do not read as one anomaly listed twice', () => {
    const text = describeAnomalies([base, { ...base, operation: 'POST /verify', score: 8 }]);
    expect(text).toBe('otp p95Ms 40 ms → 133 ms (3.3×); otp POST /verify p95Ms 40 ms → 133 ms (3.3×)');
  });

  it('lists the same series and numbers once, and counts only distinct ones as more', () => {
    const text = describeAnomalies([base, { ...base, score: 5 }, { ...base, feature: 'selfMs', value: 63.3, baseline: 11.4, score: 7 }, { ...base, service: 'ledger', feature: 'gcMs', value: 553, baseline: 122, score: 6 }, { ...base, service: 'kyc', feature: 'errorRate', value: 0.2, baseline: 0.01, score: 1 }], 3);
    expect(text).toBe('otp p95Ms 40 ms → 133 ms (3.3×); otp selfMs 11.4 ms → 63.3 ms (5.6×); ledger gcMs 122 ms → 553 ms (4.5×); +1 more');
  });
});
