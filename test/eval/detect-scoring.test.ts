import { describe, expect, it } from 'vitest';
import type { Anomaly, Incident } from '../../src/core/index.js';
import { scoreScenario, summarize } from '../../src/eval/detect-scoring.js';

const truth = { service: 'payments', kind: 'latency' as const, at: '2026-01-05T09:30:00.000Z', endsAt: '2026-01-05T09:50:00.000Z' };
const ctx = { windowMs: 60_000, nodes: 12, minutes: 125 };

function anomaly(service: string, windowStart: string): Anomaly {
  return { service, operation: '', feature: 'p95Ms', windowStart, value: 300, baseline: 50, score: 9, direction: 'up' };
}

function incident(id: string, openedAt: string, anomalies: Anomaly[], rootCause?: string): Incident {
  return {
    id, status: 'resolved', severity: 'high', openedAt, firstAnomalyAt: anomalies[0]!.windowStart, resolvedAt: '2026-01-05T10:05:00.000Z',
    services: [...new Set(anomalies.map((a) => a.service))], anomalies, timeline: [],
    rootCauses: rootCause ? [{ service: rootCause, score: 1, evidence: [] }] : [],
  } as unknown as Incident;
}

describe('strict detection scoring', () => {
  it('an incident of the faulty node counts, detection time from the fault start to its first anomalous window end', () => {
    const s = scoreScenario(truth, [incident('i1', '2026-01-05T09:32:00.000Z', [anomaly('payments', '2026-01-05T09:31:00.000Z')], 'payments')], ctx);
    expect(s.detected).toBe(true);
    expect(s.detectionSeconds).toBe(120);
    expect(s.falseIncidents).toBe(0);
    expect(s.rcaTop1).toBe(true);
  });

  it('an incident on a neighbour only is no hit and counts as a false incident during the fault', () => {
    const s = scoreScenario(truth, [incident('i1', '2026-01-05T09:32:00.000Z', [anomaly('checkout', '2026-01-05T09:31:00.000Z')])], ctx);
    expect(s.detected).toBe(false);
    expect(s.falseIncidents).toBe(1);
    expect(s.falseDuringFault).toBe(1);
  });

  it('summarizes recall per kind, false incidents per 100 service-hours and the median time to detect', () => {
    const hit = scoreScenario(truth, [incident('i1', '2026-01-05T09:33:00.000Z', [anomaly('payments', '2026-01-05T09:30:00.000Z')])], ctx);
    const clean = scoreScenario(null, [incident('i2', '2026-01-05T08:10:00.000Z', [anomaly('search', '2026-01-05T08:09:00.000Z')])], ctx);
    const s = summarize([hit, clean]);
    expect(s.recall).toBe(1);
    expect(s.byKind).toEqual({ latency: { faults: 1, detected: 1, medianDetectionSeconds: 180 } });
    expect(s.serviceHours).toBe(50);
    expect(s.falseIncidentsPer100ServiceHours).toBe(2);
    expect(s.medianDetectionSeconds).toBe(180);
  });

});
