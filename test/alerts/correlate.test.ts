/** Label mapping, fingerprint dedupe and the join by node, call graph and time, with hand-written cases. */
import { describe, expect, it } from 'vitest';
import { createAlertAwareIncidents } from '../../src/alerts/alert-aware-incidents.js';
import { createAlertIntake } from '../../src/alerts/alert-intake.js';
import { createAlertMetrics } from '../../src/alerts/alert-metrics.js';
import { pickIncident } from '../../src/alerts/correlate.js';
import { mapAlertToNode, podWorkload } from '../../src/alerts/label-mapping.js';
import type { Incident, IncidentStore, ServiceGraph } from '../../src/core/index.js';
import { silentLogger } from '../../src/obs/logger.js';
import { Registry } from 'prom-client';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const iso = (min: number) => new Date(T0 + min * 60_000).toISOString();
// frontend → checkout → payments → payments-db; frontend → search
const graph: ServiceGraph = {
  nodes: ['frontend', 'checkout', 'payments', 'payments-db', 'search'].map((name) => ({ name, kind: name.endsWith('-db') ? 'database' : 'service' })) as ServiceGraph['nodes'],
  edges: [['frontend', 'checkout'], ['checkout', 'payments'], ['payments', 'payments-db'], ['frontend', 'search']].map(([from, to]) => ({ from, to })) as ServiceGraph['edges'],
};
const incident = (id: string, services: string[], fromMin: number, extra: Partial<Incident> = {}): Incident => ({
  id, status: 'open', severity: 'high', openedAt: iso(fromMin + 2), firstAnomalyAt: iso(fromMin), resolvedAt: null, services, rootCauses: [{ service: services[0]!, indicator: 'latency', score: 0.9, evidence: [] }], anomalies: [], ...extra,
});

describe('label mapping', () => {
  const known = new Set(['checkout', 'shop/cart', 'payments']);
  it('tries labels in order and strips workload suffixes from pods', () => {
    expect(podWorkload('checkout-7d9f8b6c4-x2kqp')).toBe('checkout');
    expect(podWorkload('payments-db-0')).toBe('payments-db');
    expect(mapAlertToNode({ job: 'node-exporter', pod: 'checkout-7d9f8b6c4-x2kqp' }, ['service', 'job', 'pod'], known)).toEqual({ service: 'checkout', label: 'pod', known: true });
    expect(mapAlertToNode({ job: 'kube/payments' }, ['service', 'job'], known)).toEqual({ service: 'payments', label: 'job', known: true });
    expect(mapAlertToNode({ deployment: 'cart', namespace: 'shop' }, ['deployment'], known)).toEqual({ service: 'shop/cart', label: 'deployment', known: true });
    expect(mapAlertToNode({ service: 'billing' }, ['service'], known)).toEqual({ service: 'billing', label: 'service', known: false });
    expect(mapAlertToNode({ instance: '10.0.0.1:9100' }, ['service', 'job'], known)).toBeNull();
  });
});

describe('pickIncident', () => {
  const cfg = { joinWindowMs: 15 * 60_000, maxHops: 3 };
  it('joins the nearest incident in the call graph whose time span contains the alert', () => {
    const a = incident('a', ['payments'], 0);
    const b = incident('b', ['search'], 0);
    expect(pickIncident({ service: 'frontend', alertname: 'X', startsAtMs: T0 + 60_000 }, [a, b], graph, cfg)).toMatchObject({ incident: { id: 'b' }, hops: 1 });
    expect(pickIncident({ service: 'checkout', alertname: 'X', startsAtMs: T0 + 60_000 }, [a, b], graph, cfg)).toMatchObject({ incident: { id: 'a' }, hops: 1 });
    // A root cause counts as a node of the incident (a database that only RCA named).
    expect(pickIncident({ service: 'payments-db', alertname: 'X', startsAtMs: T0 }, [incident('c', ['checkout'], 0, { rootCauses: [{ service: 'payments-db', indicator: 'database', score: 1, evidence: [] }] })], graph, cfg)).toMatchObject({ hops: 0 });
  });
  it('refuses what is too early, too late, too far or unconnected', () => {
    const a = incident('a', ['payments'], 0, { status: 'resolved', resolvedAt: iso(30) });
    expect(pickIncident({ service: 'payments', alertname: 'X', startsAtMs: T0 - 16 * 60_000 }, [a], graph, cfg)).toBeNull();
    expect(pickIncident({ service: 'payments', alertname: 'X', startsAtMs: T0 + 46 * 60_000 }, [a], graph, cfg)).toBeNull();
    expect(pickIncident({ service: 'search', alertname: 'X', startsAtMs: T0 }, [a], graph, { ...cfg, maxHops: 2 })).toBeNull();
    expect(pickIncident({ service: 'unknown-svc', alertname: 'X', startsAtMs: T0 }, [a], graph, cfg)).toBeNull();
  });
  it('prefers an incident our detectors opened over an alert incident', () => {
    const alertInc = incident('alert', ['payments'], 0, { kind: 'alert' });
    const anomaly = incident('anomaly', ['checkout'], 0);
    expect(pickIncident({ service: 'payments', alertname: 'X', startsAtMs: T0 }, [alertInc, anomaly], graph, cfg)!.incident.id).toBe('anomaly');
  });
});

function memoryIncidents(): IncidentStore {
  const m = new Map<string, Incident>();
  return {
    save: async (i) => void m.set(i.id, structuredClone(i)),
    get: async (id) => structuredClone(m.get(id) ?? null),
    list: async () => [...m.values()].map((i) => structuredClone(i)),
  };
}

describe('alert intake', () => {
  const alert = (fingerprint: string, service: string, status = 'firing') => ({ status, labels: { alertname: 'Slow', service }, annotations: {}, startsAt: iso(1), endsAt: status === 'resolved' ? iso(20) : '0001-01-01T00:00:00Z', fingerprint });
  const body = (alerts: unknown[]) => ({ version: '4', status: 'firing', alerts });

  it('opens an alert incident, dedupes by fingerprint, keeps good alerts of a bad batch, and folds into the anomaly incident that explains it', async () => {
    const store = createAlertAwareIncidents(memoryIncidents());
    let n = 0;
    const intake = createAlertIntake({ serviceLabels: ['service'], joinWindowMs: 15 * 60_000, maxHops: 3 }, {
      incidents: store, graph: { getGraph: async () => graph }, clock: { now: () => T0 + 30 * 60_000 }, metrics: createAlertMetrics(new Registry()), logger: silentLogger,
      newIncidentId: () => `alert-${++n}`, rootCauses: async () => [],
    });
    const r1 = await intake.receive(body([alert('f1', 'payments'), { status: 'firing', labels: {} }]));
    expect(r1).toMatchObject({ ok: true, summary: { new: 1, repeats: 0, incidents: { f1: 'alert-1' }, rejected: [{ index: 1 }] } });
    const r2 = await intake.receive(body([alert('f1', 'payments'), alert('f2', 'checkout')]));
    expect(r2).toMatchObject({ ok: true, summary: { new: 1, repeats: 1, incidents: { f1: 'alert-1', f2: 'alert-1' } } });
    const open = (await store.get('alert-1'))!;
    expect(open).toMatchObject({ kind: 'alert', status: 'open', services: ['payments', 'checkout'] });
    expect(open.alerts!.map((a) => [a.fingerprint, a.notifications])).toEqual([['f1', 2], ['f2', 1]]);
    expect(open.rootCauses[0]).toMatchObject({ service: 'payments', indicator: 'alert' });

    // Our detectors open the incident for the same fault; the pipeline saves it without alerts.
    const anomaly = incident('inc-1', ['payments', 'checkout'], 0);
    await store.save(anomaly);
    await intake.onIncident(anomaly);
    expect(await store.get('alert-1')).toMatchObject({ status: 'resolved', mergedInto: 'inc-1' });
    expect((await store.get('inc-1'))!.alerts!.map((a) => a.fingerprint)).toEqual(['f1', 'f2']);
    // A later pipeline save of its own copy keeps the absorbed alerts.
    await store.save({ ...anomaly, severity: 'critical' });
    expect((await store.get('inc-1'))!.alerts).toHaveLength(2);
    // The resolved notification reaches the incident that now holds the alert.
    const r3 = await intake.receive(body([alert('f1', 'payments', 'resolved')]));
    expect(r3).toMatchObject({ ok: true, summary: { repeats: 1, resolved: 1, incidents: { f1: 'inc-1' } } });
    expect((await store.get('inc-1'))!.alerts![0]).toMatchObject({ status: 'resolved', endsAt: iso(20) });
    expect(await intake.receive({ version: '3', alerts: [] })).toMatchObject({ ok: false });
  });
});
