import { describe, expect, it } from 'vitest';
import type { Anomaly, Severity } from '../../src/core/index.js';
import { createIncidentManager } from '../../src/decision/incident-manager.js';
import { classifySeverity, entrypointsOf, maxSeverity } from '../../src/decision/severity.js';
import { anomaly, graph, report, sequentialIds } from './builders.js';

const shop = graph('storefront>checkout', 'checkout>payments', 'checkout>tax', 'payments>pg:database', 'storefront>search');
const err = (service: string, value: number, baseline = 0.001, score = 6): Anomaly => anomaly(service, 0, { feature: 'errorRate', value, baseline, score });
const p99 = (service: string, value: number, baseline: number, score = 6): Anomaly => anomaly(service, 0, { feature: 'p99Ms', value, baseline, score });
const cpu = (service: string, score = 6): Anomaly => anomaly(service, 0, { feature: 'cpu', value: 0.9, baseline: 0.4, score });

const table: { name: string; anomalies: Anomaly[]; expected: Severity }[] = [
  { name: 'entrypoint error rate 25% → critical', anomalies: [err('storefront', 0.25)], expected: 'critical' },
  { name: 'entrypoint error rate exactly 20% → critical', anomalies: [err('storefront', 0.2)], expected: 'critical' },
  { name: 'internal service error rate 60% alone → medium (serious, one service)', anomalies: [err('payments', 0.6)], expected: 'medium' },
  { name: 'entrypoint error rate 15% → medium', anomalies: [err('storefront', 0.15)], expected: 'medium' },
  { name: 'five services affected → critical', anomalies: ['storefront', 'checkout', 'payments', 'tax', 'search'].map((s) => cpu(s)), expected: 'critical' },
  { name: 'p99 ≥ 3× on two services → high', anomalies: [p99('payments', 300, 40), p99('checkout', 420, 90)], expected: 'high' },
  { name: 'errors on one, p99 ≥ 3× on another → high', anomalies: [err('payments', 0.08), p99('checkout', 400, 100)], expected: 'high' },
  { name: 'p99 2.5× on two services → medium', anomalies: [p99('payments', 100, 40), p99('checkout', 225, 90)], expected: 'medium' },
  { name: 'tiny error rate 3× a tiny baseline does not count as serious', anomalies: [err('payments', 0.006, 0.002), err('tax', 0.009, 0.001)], expected: 'medium' },
  { name: 'single service, small score → low', anomalies: [p99('tax', 80, 40, 5)], expected: 'low' },
  { name: 'single service, large score → medium', anomalies: [cpu('tax', 14)], expected: 'medium' },
  { name: 'single service p99 ≥ 3× → medium', anomalies: [p99('tax', 200, 40, 5)], expected: 'medium' },
  { name: 'database is never an entrypoint', anomalies: [err('pg', 0.5)], expected: 'medium' },
];

describe('severity rule', () => {
  it.each(table)('$name', ({ anomalies, expected }) => {
    const services = [...new Set(anomalies.map((a) => a.service))];
    expect(classifySeverity({ services, anomalies, graph: shop })).toBe(expected);
  });

  it('entrypoints are graph services nobody calls', () => {
    expect([...entrypointsOf(shop)]).toEqual(['storefront']);
    expect([...entrypointsOf(graph('a>b', 'b>a', 'c>a'))]).toEqual(['c']);
    expect([...entrypointsOf(graph())]).toEqual([]);
  });

  it('maxSeverity keeps the worse one', () => {
    expect(maxSeverity('low', 'high')).toBe('high');
    expect(maxSeverity('critical', 'medium')).toBe('critical');
  });

  it('severity rises with the incident and never falls while open', () => {
    // Weak single-service anomalies open at once here: this test is about severity, not confirmation.
    const m = createIncidentManager({ weakConfirmWindows: 1 }, sequentialIds());
    const [opened] = m.update([report('tax', 0, [p99('tax', 60, 40, 4)])], shop);
    expect(opened.incident.severity).toBe('low');
    expect(opened.incident.timeline?.[0].text).toMatch(/^opened \(low\)/);
    m.update([report('checkout', 1, [anomaly('checkout', 1, { feature: 'p99Ms', value: 500, baseline: 90 })])], shop);
    m.update([report('tax', 1, [anomaly('tax', 1, { feature: 'p99Ms', value: 200, baseline: 40 })])], shop);
    const [high] = m.openIncidents();
    expect(high.severity).toBe('high');
    expect(high.timeline?.filter((e) => e.kind === 'severity').map((e) => e.text)).toEqual(['severity low → medium', 'severity medium → high']);
    // A later, milder window of a new service does not lower it.
    const [later] = m.update([report('search', 2, [p99('search', 45, 40, 4)])], shop);
    expect(later.incident.severity).toBe('high');
    const [storm] = m.update([report('storefront', 3, [err('storefront', 0.4)])], shop);
    expect(storm.incident.severity).toBe('critical');
  });
});
