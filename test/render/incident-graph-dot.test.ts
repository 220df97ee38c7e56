/** The incident picture's DOT: which nodes appear, how they are highlighted and labelled, and safe escaping. */
import { describe, expect, it } from 'vitest';
import type { ServiceGraph } from '../../src/core/index.js';
import { incidentGraphDot } from '../../src/render/incident-graph-dot.js';
import { incident } from '../stores/fixtures.js';

const graph: ServiceGraph = {
  nodes: [
    { name: 'frontend', kind: 'service', lastSeen: 0 },
    { name: 'checkout', kind: 'service', lastSeen: 0 },
    { name: 'payments', kind: 'service', lastSeen: 0 },
    { name: 'orders-db', kind: 'database', lastSeen: 0 },
    { name: 'stripe.com', kind: 'external', lastSeen: 0 },
    { name: 'far-away', kind: 'service', lastSeen: 0 },
  ],
  edges: [
    { from: 'frontend', to: 'checkout', calls: 1000, errors: 25, p99Ms: 340.4 },
    { from: 'checkout', to: 'payments', calls: 400, errors: 0, p99Ms: 1200 },
    { from: 'payments', to: 'orders-db', calls: 50, errors: 0, p99Ms: null },
    { from: 'payments', to: 'stripe.com', calls: 8, errors: 2, p99Ms: 90 },
    { from: 'frontend', to: 'far-away', calls: 5, errors: 0, p99Ms: 3 },
  ],
};

const nodeLine = (dot: string, name: string) => dot.split('\n').find((l) => l.trimStart().startsWith(`"${name}" [`));

describe('incidentGraphDot', () => {
  const inc = incident({
    services: ['checkout', 'payments'],
    rootCauses: [
      { service: 'checkout', indicator: 'errors', score: 0.4, evidence: [] },
      { service: 'payments', indicator: 'latency', score: 0.9, evidence: [] },
    ],
  });
  const dot = incidentGraphDot(inc, graph);

  it('keeps the incident services and their direct neighbours only', () => {
    for (const n of ['frontend', 'checkout', 'payments', 'orders-db', 'stripe.com']) expect(nodeLine(dot, n)).toBeDefined();
    expect(dot).not.toContain('far-away');
  });

  it('highlights the highest-scored root cause red and bold, other anomalous services orange', () => {
    expect(nodeLine(dot, 'payments')).toMatch(/fillcolor="#d62828".*style="filled,bold"/);
    expect(nodeLine(dot, 'checkout')).toContain('fillcolor="#f4a261"');
    expect(nodeLine(dot, 'frontend')).not.toMatch(/#d62828|#f4a261/);
  });

  it('draws databases as cylinders and externals as boxes', () => {
    expect(nodeLine(dot, 'orders-db')).toContain('shape=cylinder');
    expect(nodeLine(dot, 'stripe.com')).toContain('shape=box');
    expect(nodeLine(dot, 'frontend')).toContain('shape=ellipse');
  });

  it('labels edges with error rate and p99', () => {
    expect(dot).toContain('"frontend" -> "checkout" [label="2.5% err\\np99 340 ms"');
    expect(dot).toContain('"payments" -> "stripe.com" [label="25.0% err\\np99 90 ms"');
    expect(dot).toContain('"payments" -> "orders-db" [label="0% err"]');
  });

  it('escapes quotes and backslashes in names so they cannot end the ID', () => {
    const evil = 'svc "x" \\ y';
    const g: ServiceGraph = { nodes: [{ name: evil, kind: 'service', lastSeen: 0 }], edges: [{ from: evil, to: 'checkout', calls: 1, errors: 0, p99Ms: 1 }] };
    const d = incidentGraphDot(incident({ services: ['checkout'], rootCauses: [], anomalies: [] }), g);
    expect(d).toContain('"svc \\"x\\" \\\\ y" -> "checkout"');
    // Every line outside the braces is one statement: quotes are balanced once escapes are removed.
    for (const line of d.split('\n')) expect((line.replace(/\\./g, '').match(/"/g) ?? []).length % 2).toBe(0);
  });
});
