import { describe, expect, it } from 'vitest';
import { createIncidentManager } from '../../src/decision/incident-manager.js';
import { anomaly, graph, iso, play, report, sequentialIds, type Script } from './builders.js';

interface GroupingCase {
  name: string;
  edges: string[];
  script: Script;
  /** Expected incidents as sorted service sets, in opening order. */
  incidents: string[][];
}

const cases: GroupingCase[] = [
  {
    name: 'leaf fault propagating to its callers → one incident',
    edges: ['frontend>checkout', 'checkout>payments', 'frontend>catalog', 'payments>payments-db:database'],
    script: { payments: [0, 1, 2, 3], checkout: [1, 2, 3], frontend: [2, 3] },
    incidents: [['checkout', 'frontend', 'payments']],
  },
  {
    name: 'slow database makes both callers and their caller slow → one incident',
    edges: ['api>orders', 'api>inventory', 'orders>pg:database', 'inventory>pg:database'],
    script: { orders: [4, 5, 6], inventory: [4, 5], api: [5, 6] },
    incidents: [['api', 'inventory', 'orders']],
  },
  {
    name: 'fault in the database node itself joins its callers',
    edges: ['web>users', 'users>mysql:database'],
    script: { mysql: [0, 1], users: [1, 2], web: [2] },
    incidents: [['mysql', 'users', 'web']],
  },
  {
    name: 'two simultaneous faults in disconnected parts of the graph → two incidents',
    edges: ['web>auth', 'auth>ldap', 'batch>reports', 'reports>warehouse'],
    script: { ldap: [0, 1], auth: [1], warehouse: [0, 1, 2], reports: [2] },
    incidents: [['auth', 'ldap'], ['reports', 'warehouse']],
  },
  {
    name: 'two faults 5 hops apart on one chain stay separate',
    edges: ['s1>s2', 's2>s3', 's3>s4', 's4>s5', 's5>s6'],
    script: { s1: [0, 1], s6: [0, 1] },
    incidents: [['s1'], ['s6']],
  },
  {
    name: 'one noisy window of a far service does not join',
    edges: ['gw>cart', 'cart>price', 'cron>cleaner', 'cleaner>s3-bucket:external'],
    script: { price: [0, 1, 2], cart: [1, 2], gw: [2], cleaner: [1] },
    incidents: [['cart', 'gw', 'price'], ['cleaner']],
  },
  {
    name: 'a connected service anomalous beyond the gap opens a new incident',
    edges: ['a>b'],
    script: { a: [0], b: [7] },
    incidents: [['a'], ['b']],
  },
  {
    name: 'a service unknown to the graph joins only its own incident',
    edges: ['x>y'],
    script: { y: [0, 1], lonely: [0, 1] },
    incidents: [['y'], ['lonely']],
  },
];

describe('incident grouping', () => {
  it.each(cases)('$name', ({ edges, script, incidents }) => {
    const g = graph(...edges);
    const services = [...new Set([...g.nodes.map((n) => n.name), ...Object.keys(script)])];
    const ids = sequentialIds();
    const m = createIncidentManager({ windowMs: 60_000 }, ids);
    const changes = play(m, g, services, 0, 9, script);
    const opened = changes.filter((c) => c.kind === 'opened').map((c) => c.incident);
    expect(opened.map((i) => [...i.services].sort())).toEqual(incidents);
    expect(new Set(opened.map((i) => i.id)).size).toBe(opened.length);
    for (const inc of opened) {
      const anomalous = new Set(inc.anomalies.map((a) => a.service));
      expect([...anomalous].sort()).toEqual([...inc.services].sort());
    }
  });

  it('merges two open incidents that become connected into the older one', () => {
    // a … e are 4 hops apart (separate), c is 2 hops from both.
    const g = graph('a>b', 'b>c', 'c>d', 'd>e');
    const ids = sequentialIds();
    const m = createIncidentManager({}, ids);
    const first = m.update([report('a', 0, [anomaly('a', 0)])], g);
    const second = m.update([report('e', 1, [anomaly('e', 1)])], g);
    expect(first.map((c) => c.kind)).toEqual(['opened']);
    expect(second.map((c) => c.kind)).toEqual(['opened']);
    const merge = m.update([report('c', 2, [anomaly('c', 2)])], g);
    const older = merge.find((c) => c.incident.id === 'inc-1');
    const absorbed = merge.find((c) => c.incident.id === 'inc-2');
    expect(older?.kind).toBe('updated');
    expect(older?.incident.services.sort()).toEqual(['a', 'c', 'e']);
    expect(older?.incident.firstAnomalyAt).toBe(iso(0));
    expect(older?.incident.timeline?.some((e) => e.kind === 'merged' && e.text.includes('inc-2'))).toBe(true);
    expect(absorbed).toMatchObject({ kind: 'resolved', mergedInto: 'inc-1' });
    expect(absorbed?.incident.status).toBe('resolved');
    expect(absorbed?.incident.resolvedAt).toBe(iso(3));
    expect(m.openIncidents().map((i) => i.id)).toEqual(['inc-1']);
  });

  it('merges when a new edge connects two open incidents', () => {
    const ids = sequentialIds();
    const m = createIncidentManager({}, ids);
    const apart = graph('shop>basket', 'mail>smtp:external');
    m.update([report('basket', 0, [anomaly('basket', 0)]), report('smtp', 0, [anomaly('smtp', 0)])], apart);
    expect(m.openIncidents()).toHaveLength(2);
    const joined = graph('shop>basket', 'mail>smtp:external', 'basket>mail');
    const changes = m.update([report('shop', 1, [anomaly('shop', 1)])], joined);
    expect(m.openIncidents()).toHaveLength(1);
    expect(changes.filter((c) => c.kind === 'resolved').map((c) => c.mergedInto)).toEqual(['inc-1']);
  });

  it('an incident opened and absorbed in the same call is never published', () => {
    const g = graph('p>q', 'q>r', 'r>s', 's>t');
    const ids = sequentialIds();
    const m = createIncidentManager({}, ids);
    const changes = m.update([report('p', 0, [anomaly('p', 0)]), report('t', 0, [anomaly('t', 0)]), report('r', 0, [anomaly('r', 0)])], g);
    expect(changes).toHaveLength(1);
    expect(changes[0].kind).toBe('opened');
    expect(changes[0].incident.services.sort()).toEqual(['p', 'r', 't']);
  });

  it('uses event time: openedAt is the end of the opening window, firstAnomalyAt the earliest window start', () => {
    const g = graph('edge>api');
    const ids = sequentialIds();
    const m = createIncidentManager({ windowMs: 60_000 }, ids);
    const [opened] = m.update([report('api', 12, [anomaly('api', 12)])], g);
    expect(opened.incident.openedAt).toBe(iso(13));
    expect(opened.incident.firstAnomalyAt).toBe(iso(12));
    expect(ids.calls).toEqual([Date.parse(iso(13))]);
    // edge's window 11 closes late (services close windows independently) and was already anomalous.
    const [late] = m.update([report('edge', 11, [anomaly('edge', 11)])], g);
    expect(late.kind).toBe('updated');
    expect(late.incident.firstAnomalyAt).toBe(iso(11));
    expect(late.incident.openedAt).toBe(iso(13));
  });

  it('reports each incident at most once per call, and a replayed window adds nothing', () => {
    const g = graph('ui>bff', 'bff>search');
    const ids = sequentialIds();
    const m = createIncidentManager({}, ids);
    const batch = [0, 1, 2].flatMap((min) => ['search', 'bff', 'ui'].map((s) => report(s, min, [anomaly(s, min)])));
    const changes = m.update(batch, g);
    expect(changes).toHaveLength(1);
    expect(changes[0].incident.anomalies).toHaveLength(9);
    const again = m.update(batch, g);
    expect(again.map((c) => c.kind)).toEqual(['updated']);
    expect(again[0].incident.anomalies).toHaveLength(9);
  });

  it('the timeline records the opening anomalies and each service that joins', () => {
    const g = graph('front>back');
    const m = createIncidentManager({}, sequentialIds());
    m.update([report('back', 0, [anomaly('back', 0, { feature: 'errorRate', value: 0.3, baseline: 0.01 })])], g);
    m.update([report('front', 1, [anomaly('front', 1)])], g);
    const tl = m.openIncidents()[0].timeline ?? [];
    expect(tl[0]).toMatchObject({ kind: 'opened', at: iso(1) });
    expect(tl[0].text).toContain('back errorRate 1.0% → 30.0%');
    expect(tl.find((e) => e.kind === 'service-joined')).toMatchObject({ at: iso(2) });
    expect(tl.find((e) => e.kind === 'service-joined')?.text).toContain('front');
  });

  it('an empty update changes nothing', () => {
    const m = createIncidentManager({}, sequentialIds());
    expect(m.update([], graph())).toEqual([]);
    expect(m.openIncidents()).toEqual([]);
  });
});
