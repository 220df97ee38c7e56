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
});
