/**
 * Per-service event clocks: replaying an earlier stretch of half the services after newer data of the other half
 * (a backfill, a lagging partition) must give the incidents a live run gives — same count, same services, same
 * first anomaly — not one fragment per late service and minute.
 */
import { describe, expect, it } from 'vitest';
import { createIncidentManager, type IncidentChange } from '../../src/decision/incident-manager.js';
import type { Incident } from '../../src/core/index.js';
import { graph, reportsFor, sequentialIds, type Script } from './builders.js';

// Two halves wired together: web/api/cart/search (B, live) call orders/payments/stock/index (A, replayed late).
const g = graph('web>api', 'api>cart', 'api>search', 'cart>orders', 'orders>payments', 'search>index', 'cart>stock', 'index>stock');
const A = ['orders', 'payments', 'stock', 'index'];
const B = ['web', 'api', 'cart', 'search'];
const script: Script = {
  // Fault 1 in A (payments), its symptoms climbing into B.
  payments: [20, 21, 22, 23, 24, 25], orders: [21, 22, 23, 24], cart: [22, 23, 24], api: [23, 24],
  // Fault 2 in B only.
  search: [70, 71, 72, 73],
  // Fault 3 in A only, late in the hour replayed.
  stock: [100, 101, 102, 103, 104], index: [102, 103],
};

function collect(into: Map<string, Incident>, changes: IncidentChange[]): void {
  for (const c of changes) {
    if (c.mergedInto) into.delete(c.incident.id);
    else into.set(c.incident.id, c.incident);
  }
}

const summary = (m: Map<string, Incident>) =>
  [...m.values()].map((i) => ({ services: [...i.services].sort(), firstAnomalyAt: i.firstAnomalyAt })).sort((a, b) => a.firstAnomalyAt.localeCompare(b.firstAnomalyAt));

describe('incident lifecycle on per-service event clocks', () => {
  it('a backfill of half the services after newer data of the other half gives the live incidents', () => {
    const live = new Map<string, Incident>();
    const lm = createIncidentManager({}, sequentialIds());
    for (let minute = 0; minute < 120; minute++) collect(live, lm.update(reportsFor([...A, ...B], minute, script), g));

    const replay = new Map<string, Incident>();
    const rm = createIncidentManager({}, sequentialIds());
    for (let minute = 0; minute < 120; minute++) collect(replay, rm.update(reportsFor(B, minute, script), g));
    for (let minute = 0; minute < 120; minute++) collect(replay, rm.update(reportsFor(A, minute, script), g));

    // Written out by hand from the script: three faults, three incidents.
    expect(summary(live)).toEqual([
      { services: ['api', 'cart', 'orders', 'payments'], firstAnomalyAt: '2026-01-15T10:50:00.000Z' },
      { services: ['search'], firstAnomalyAt: '2026-01-15T11:40:00.000Z' },
      { services: ['index', 'stock'], firstAnomalyAt: '2026-01-15T12:10:00.000Z' },
    ]);
    expect(summary(replay)).toEqual(summary(live));
    expect([...replay.values()].every((i) => i.status === 'resolved')).toBe(true);
  });

  it('says in the timeline when late data joined a resolved incident', () => {
    const replay = new Map<string, Incident>();
    const rm = createIncidentManager({}, sequentialIds());
    for (let minute = 0; minute < 60; minute++) collect(replay, rm.update(reportsFor(B, minute, script), g));
    for (let minute = 0; minute < 60; minute++) collect(replay, rm.update(reportsFor(A, minute, script), g));
    const [first] = [...replay.values()];
    expect(first?.timeline?.some((e) => e.kind === 'late-data' && e.text.includes('payments'))).toBe(true);
  });
});
