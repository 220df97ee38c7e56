// Which anomalous windows may open an incident: symptoms do; traffic alone and load-driven CPU do not.
import { describe, expect, it } from 'vitest';
import { canOpen, createIncidentManager, DEFAULT_INCIDENT_CONFIG } from '../../src/decision/incident-manager.js';
import { anomaly, graph, report, sequentialIds } from './builders.js';

const opening = DEFAULT_INCIDENT_CONFIG.openingFeatures;

describe('incident opening', () => {
  it.each([
    ['a latency rise', [anomaly('cart', 1, { feature: 'p99Ms' })], true],
    ['an error-rate rise', [anomaly('cart', 1, { feature: 'errorRate', value: 0.3, baseline: 0.01 })], true],
    ['CPU saturation with steady traffic', [anomaly('cart', 1, { feature: 'cpu', value: 0.95, baseline: 0.4 })], true],
    ['a traffic surge alone', [anomaly('cart', 1, { feature: 'throughput', value: 9, baseline: 4 })], false],
    ['CPU saturation driven by a traffic surge', [anomaly('cart', 1, { feature: 'throughput', value: 9, baseline: 4 }), anomaly('cart', 1, { feature: 'cpu', value: 1, baseline: 0.45 })], false],
    ['a surge with latency following it', [anomaly('cart', 1, { feature: 'throughput', value: 9, baseline: 4 }), anomaly('cart', 1, { feature: 'p95Ms' })], true],
  ])('%s → opens: %s', (_name, anomalies, expected) => {
    expect(canOpen(anomalies, opening)).toBe(expected);
  });

  it('lets a traffic anomaly join an incident a symptom opened, without opening one of its own', () => {
    const ids = sequentialIds();
    const m = createIncidentManager({}, { newId: ids.newId });
    const g = graph('web>cart');
    expect(m.update([report('web', 1, [anomaly('web', 1, { feature: 'throughput', value: 9, baseline: 4 })])], g)).toEqual([]);
    const opened = m.update([report('cart', 2, [anomaly('cart', 2, { feature: 'p99Ms' })])], g);
    expect(opened.map((c) => c.kind)).toEqual(['opened']);
    const joined = m.update([report('web', 3, [anomaly('web', 3, { feature: 'throughput', value: 9, baseline: 4 })])], g);
    expect(joined.map((c) => c.kind)).toEqual(['updated']);
    expect(joined[0]!.incident.services.sort()).toEqual(['cart', 'web']);
  });

  it('waits for a third window before a weak single-service anomaly opens an incident, and keeps its onset', () => {
    const m = createIncidentManager({}, sequentialIds());
    const g = graph('web>cart', 'pay>ledger');
    const weakAt = (minute: number) => [report('cart', minute, [anomaly('cart', minute, { feature: 'p95Ms', value: 45, baseline: 30, score: 5 })])];
    expect(m.update(weakAt(1), g)).toEqual([]);
    expect(m.update(weakAt(2), g)).toEqual([]);
    const opened = m.update(weakAt(3), g);
    expect(opened.map((c) => c.kind)).toEqual(['opened']);
    expect(Date.parse(opened[0]!.incident.firstAnomalyAt)).toBe(Date.parse(anomaly('cart', 1).windowStart));
  });

  it('forgets a weak run that a clean window interrupts', () => {
    const m = createIncidentManager({}, sequentialIds());
    const g = graph('web>cart');
    const weakAt = (minute: number) => [report('cart', minute, [anomaly('cart', minute, { feature: 'p95Ms', value: 45, baseline: 30, score: 5 })])];
    m.update(weakAt(1), g);
    m.update(weakAt(2), g);
    m.update([report('cart', 3)], g);
    expect(m.update(weakAt(4), g)).toEqual([]);
  });

  it('opens at once on a strong anomaly, or when a connected service is weakly anomalous too', () => {
    const strong = createIncidentManager({}, sequentialIds());
    expect(strong.update([report('cart', 1, [anomaly('cart', 1, { feature: 'p95Ms', score: 12 })])], graph('web>cart')).map((c) => c.kind)).toEqual(['opened']);
    const spread = createIncidentManager({}, sequentialIds());
    const weak = (s: string) => anomaly(s, 1, { feature: 'p95Ms', value: 45, baseline: 30, score: 5 });
    const changes = spread.update([report('cart', 1, [weak('cart')]), report('web', 1, [weak('web')])], graph('web>cart'));
    expect(changes.map((c) => c.kind)).toEqual(['opened']);
    expect(changes[0]!.incident.services.sort()).toEqual(['cart', 'web']);
  });
});
