import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/core/index.js';
import { createIncidentManager } from '../../src/decision/incident-manager.js';
import { MAX_TIMELINE } from '../../src/decision/timeline.js';
import { anomaly, graph, iso, play, report, reportsFor, sequentialIds } from './builders.js';

describe('incident resolution', () => {
  it.each([
    { name: 'defaults (5 clean windows)', clean: undefined, resolvedMinute: 9, resolvedAt: 10 },
    { name: '2 clean windows', clean: 2, resolvedMinute: 6, resolvedAt: 7 },
  ])('resolves when every service has had enough clean windows: $name', ({ clean, resolvedMinute, resolvedAt }) => {
    const g = graph('checkout>payments');
    const m = createIncidentManager({ resolveAfterCleanWindows: clean }, sequentialIds());
    // payments anomalous 0..2, checkout 1..4: checkout finishes last.
    const changes = play(m, g, ['checkout', 'payments'], 0, 15, { payments: [0, 1, 2], checkout: [1, 2, 3, 4] });
    const resolved = changes.filter((c) => c.kind === 'resolved');
    expect(resolved).toHaveLength(1);
    expect(resolved[0].minute).toBe(resolvedMinute);
    expect(resolved[0].incident.resolvedAt).toBe(iso(resolvedAt));
    expect(resolved[0].incident.status).toBe('resolved');
    expect(resolved[0].incident.timeline?.at(-1)?.kind).toBe('resolved');
    expect(m.openIncidents()).toEqual([]);
  });

  it('a new anomaly resets the clean count of its service', () => {
    const g = graph('a>b');
    const m = createIncidentManager({ resolveAfterCleanWindows: 3 }, sequentialIds());
    const changes = play(m, g, ['a', 'b'], 0, 12, { b: [0, 2, 4] });
    expect(changes.filter((c) => c.kind === 'opened')).toHaveLength(1);
    const resolved = changes.find((c) => c.kind === 'resolved');
    expect(resolved?.minute).toBe(7);
    expect(resolved?.incident.resolvedAt).toBe(iso(8));
  });

  it('an anomaly after resolution opens a new incident with a new id', () => {
    const g = graph('a>b');
    const ids = sequentialIds();
    const m = createIncidentManager({ resolveAfterCleanWindows: 2 }, ids);
    const changes = play(m, g, ['a', 'b'], 0, 7, { b: [0, 6] });
    expect(changes.map((c) => `${c.kind}:${c.incident.id}@${c.minute}`)).toEqual(['opened:inc-1@0', 'resolved:inc-1@2', 'opened:inc-2@6']);
  });

  it.each([
    { who: 'a service of the resolved incident', service: 'b' },
    { who: 'a connected service outside it', service: 'a' },
  ])('a window reported clean and confirmed anomalous a window later is a new fault, not late data of the incident resolved meanwhile: $who', ({ service }) => {
    const g = graph('a>b');
    const m = createIncidentManager({ resolveAfterCleanWindows: 2 }, sequentialIds());
    const seen: string[] = [];
    const log = (minute: number, changes: ReturnType<typeof m.update>) => seen.push(...changes.map((c) => `${c.kind}:${c.incident.id}@${minute}`));
    log(0, m.update([report('a', 0), report('b', 0, [anomaly('b', 0)])], g));
    log(1, m.update([report('a', 1), report('b', 1)], g));
    // Window 2 closes clean everywhere (an anomaly awaits confirmation by window 3): b's second clean window resolves inc-1.
    log(2, m.update([report('a', 2), report('b', 2)], g));
    // Window 3 confirms window 2 and 3 of one service: a new fault from minute 2.
    const other = service === 'a' ? 'b' : 'a';
    const changes = m.update([report(other, 3), report(service, 2, [anomaly(service, 2)]), report(service, 3, [anomaly(service, 3)])], g);
    log(3, changes);
    expect(seen).toEqual(['opened:inc-1@0', 'resolved:inc-1@2', 'opened:inc-2@3']);
    const second = changes.find((c) => c.incident.id === 'inc-2')!.incident;
    expect(second.firstAnomalyAt).toBe(iso(2));
    expect(second.services).toEqual([service]);
  });

  it('a service that stops reporting does not keep the incident open forever', () => {
    const g = graph('web>worker');
    const m = createIncidentManager({ resolveSilentAfterWindows: 10 }, sequentialIds());
    m.update([report('worker', 0, [anomaly('worker', 0)])], g);
    let resolvedAt: string | null = null;
    let decidedAt = -1;
    for (let min = 1; min <= 80 && !resolvedAt; min++) {
      const changes = m.update([report('web', min)], g);
      resolvedAt = changes.find((c) => c.kind === 'resolved')?.incident.resolvedAt ?? null;
      if (resolvedAt) decidedAt = min;
    }
    // Every service of the incident went quiet: another service's clock ends it only once it runs 6 silent
    // timeouts ahead (a lagging part of the system is not resolved by a part that runs ahead), dated 10 windows on.
    expect(decidedAt).toBe(60);
    expect(resolvedAt).toBe(iso(11));
  });

  it('a connected anomaly beyond groupGapWindows of an open incident opens a new one', () => {
    const g = graph('a>b');
    const m = createIncidentManager({ groupGapWindows: 3 }, sequentialIds());
    m.update([report('a', 0, [anomaly('a', 0)])], g); // a then goes silent: the incident stays open
    const within = createIncidentManager({ groupGapWindows: 3 }, sequentialIds());
    within.update([report('a', 0, [anomaly('a', 0)])], g);
    expect(m.update([report('b', 4, [anomaly('b', 4)])], g).map((c) => c.kind)).toEqual(['opened']);
    expect(within.update([report('b', 3, [anomaly('b', 3)])], g).map((c) => c.kind)).toEqual(['updated']);
    expect(m.openIncidents()).toHaveLength(2);
  });

  it('restore continues open incidents with their ids and never duplicates them', () => {
    const g = graph('lb>app', 'app>redis:database');
    const before = createIncidentManager({}, sequentialIds());
    play(before, g, ['lb', 'app'], 0, 2, { app: [0, 1, 2], lb: [1, 2] });
    const stored: Incident[] = JSON.parse(JSON.stringify(before.openIncidents()));
    stored[0].rootCauses = [{ service: 'app', indicator: 'latency', score: 0.9, evidence: ['x'] }];
    const resolvedOne: Incident = { ...stored[0], id: 'old', status: 'resolved', resolvedAt: iso(-5) };

    const ids = sequentialIds();
    const after = createIncidentManager({}, ids);
    after.restore([...stored, resolvedOne]);
    after.restore(stored);
    expect(after.openIncidents().map((i) => i.id)).toEqual([stored[0].id]);
    const [next] = after.update(reportsFor(['lb', 'app'], 3, { app: [3] }), g);
    expect(next).toMatchObject({ kind: 'updated', incident: { id: stored[0].id, openedAt: iso(1), firstAnomalyAt: iso(0) } });
    expect(next.incident.rootCauses[0].service).toBe('app');
    expect(ids.calls).toEqual([]);
    const rest = play(after, g, ['lb', 'app'], 4, 12, {});
    expect(rest.map((c) => `${c.kind}@${c.minute}`)).toEqual(['resolved@8']);
    expect(rest[0].incident.resolvedAt).toBe(iso(9));
  });

  it('keeps at most maxAnomaliesKept anomalies, keeps each service onset, and notes the drop', () => {
    const g = graph('api>db:database');
    const m = createIncidentManager({ maxAnomaliesKept: 10 }, sequentialIds());
    for (let min = 0; min < 8; min++) {
      const list = (['p99Ms', 'p95Ms', 'errorRate'] as const).map((feature, i) => anomaly('api', min, { feature, score: 5 + i + (min === 0 ? 0 : 1) }));
      m.update([report('api', min, list), report('db', min, min === 7 ? [anomaly('db', 7, { score: 1 })] : [])], g);
    }
    const inc = m.openIncidents()[0];
    expect(inc.anomalies).toHaveLength(10);
    expect(inc.firstAnomalyAt).toBe(iso(0));
    expect(inc.anomalies.some((a) => a.service === 'api' && a.windowStart === iso(0))).toBe(true);
    expect(inc.anomalies.some((a) => a.service === 'db')).toBe(true);
    expect(inc.timeline?.find((e) => e.kind === 'anomalies-trimmed')?.text).toMatch(/^15 lower-score anomalies dropped/);
  });

  it('the anomaly cap holds even with more services than the cap', () => {
    const g = graph(...Array.from({ length: 15 }, (_, i) => `root>n${i}`));
    const m = createIncidentManager({ maxAnomaliesKept: 10 }, sequentialIds());
    m.update(Array.from({ length: 15 }, (_, i) => report(`n${i}`, 0, [anomaly(`n${i}`, 0, { score: 20 - i })])), g);
    const inc = m.openIncidents()[0];
    expect(inc.services).toHaveLength(15);
    expect(inc.anomalies.map((a) => a.service).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `n${i}`).sort());
  });

  it('keeps the timeline bounded, with the opening entry first', () => {
    const edges = Array.from({ length: 120 }, (_, i) => `hub>leaf${i}`);
    const g = graph(...edges);
    const m = createIncidentManager({}, sequentialIds());
    m.update([report('hub', 0, [anomaly('hub', 0)])], g);
    for (let i = 0; i < 120; i++) m.update([report(`leaf${i}`, 1, [anomaly(`leaf${i}`, 1)])], g);
    const inc = m.openIncidents()[0];
    expect(inc.services).toHaveLength(121);
    expect(inc.timeline?.length).toBeLessThanOrEqual(MAX_TIMELINE);
    expect(inc.timeline?.[0].kind).toBe('opened');
    expect(inc.timeline?.find((e) => e.kind === 'timeline-trimmed')?.text).toMatch(/older entries dropped/);
    expect(inc.timeline?.at(-1)?.text).toContain('leaf119');
  });
});
