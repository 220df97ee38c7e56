/** A traffic surge opens an incident only when it is large and lasts longer than a harmless burst. */
import { describe, expect, it } from 'vitest';
import { createIncidentManager } from '../../src/decision/incident-manager.js';
import { anomaly, graph, report, sequentialIds } from './builders.js';

const g = graph('web>billing');
const surge = (minute: number, value: number) => report('billing', minute, [anomaly('billing', minute, { feature: 'throughput', value, baseline: 10, score: 30 })]);

describe('traffic surge opening', () => {
  it('three consecutive windows at 3× the usual traffic open an incident on the surging service', () => {
    const m = createIncidentManager({}, sequentialIds());
    expect(m.update([surge(0, 30)], g)).toEqual([]);
    expect(m.update([surge(1, 30)], g)).toEqual([]);
    const [opened] = m.update([surge(2, 30)], g);
    expect(opened?.kind).toBe('opened');
    expect(opened?.incident.services).toEqual(['billing']);
    expect(opened?.incident.firstAnomalyAt).toBe('2026-01-15T10:30:00.000Z');
  });

  it('a burst of two windows, or a lasting rise under 2.5×, opens nothing', () => {
    const m = createIncidentManager({}, sequentialIds());
    const changes = [surge(0, 30), surge(1, 30), report('billing', 2), surge(3, 20), surge(4, 20), surge(5, 20), surge(6, 20)].flatMap((r) => m.update([r], g));
    expect(changes).toEqual([]);
  });
});

describe('a new fault beside a lingering incident', () => {
  it('a service joining with a strong symptom long after the incident began is flagged as a possible new fault', () => {
    const m = createIncidentManager({}, sequentialIds());
    const g2 = graph('web>billing', 'web>search');
    m.update([report('search', 0, [anomaly('search', 0, { score: 9 })])], g2);
    for (let minute = 1; minute <= 8; minute++) m.update([report('search', minute, [anomaly('search', minute, { score: 5 })])], g2);
    const [change] = m.update([report('billing', 9, [anomaly('billing', 9, { feature: 'errorRate', score: 20 })])], g2);
    expect(change?.incident.services).toEqual(['search', 'billing']);
    expect(change?.incident.timeline?.map((e) => e.kind)).toContain('possible-new-fault');
    expect(change?.incident.timeline?.find((e) => e.kind === 'possible-new-fault')?.text).toMatch(/^billing joined with a strong errorRate anomaly 9 min after/);
  });
});
