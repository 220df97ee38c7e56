import { describe, expect, it } from 'vitest';
import { buildTopology } from '../../src/sim/topology.js';

describe('buildTopology', () => {
  it('is deterministic per seed', () => {
    expect(buildTopology(42, 20)).toEqual(buildTopology(42, 20));
  });

  it('gives different seeds different names and shapes', () => {
    const names = [1, 2, 3, 4, 5, 6].map((seed) => buildTopology(seed).services.map((s) => s.name).join(','));
    expect(new Set(names).size).toBe(6);
    const domains = new Set(Array.from({ length: 30 }, (_, seed) => buildTopology(seed).domain));
    expect(domains.size).toBeGreaterThanOrEqual(4);
  });

  it.each([10, 12, 25, 40, 60])('builds %i services in layers with databases and externals', (n) => {
    for (const seed of [3, 11, 29]) {
      const t = buildTopology(seed, n);
      expect(t.services).toHaveLength(n);
      expect(new Set(t.services.map((s) => s.name)).size).toBe(n);
      expect(t.databases.length).toBeGreaterThanOrEqual(2);
      expect(t.externals.length).toBeGreaterThanOrEqual(1);
      expect(t.entrypoints.length).toBeGreaterThanOrEqual(1);
      for (const e of t.entrypoints) expect(t.services.find((s) => s.name === e)?.layer).toBe(0);
      for (const d of t.databases) {
        expect(d.name).toMatch(/-(db|cache|store)$/);
        expect(['postgresql', 'mysql', 'redis', 'mongodb']).toContain(d.system);
        expect(d.callers.length).toBeGreaterThan(0);
      }
      for (const x of t.externals) expect(x.address).toMatch(/\./);
    }
  });

  it('makes every service reachable, with 1–4 operations whose calls point at real callees', () => {
    for (const seed of [1, 8, 15, 22]) {
      const t = buildTopology(seed, 30);
      const byName = new Map(t.services.map((s) => [s.name, s]));
      for (const s of t.services) {
        expect(s.operations.length).toBeGreaterThanOrEqual(1);
        expect(s.operations.length).toBeLessThanOrEqual(4);
        expect(s.visitsPerRequest).toBeGreaterThan(0);
        for (const op of s.operations) {
          for (const c of op.calls) {
            if (c.kind !== 'service') continue;
            const callee = byName.get(c.target)!;
            expect(callee.layer).toBeGreaterThan(s.layer);
            expect(callee.operations.map((o) => o.name)).toContain(c.operation);
          }
        }
        const used = new Set(s.operations.flatMap((op) => op.calls.map((c) => c.target)));
        for (const dep of s.dependsOn) expect(used.has(dep)).toBe(true);
      }
    }
  });

  it('names gRPC operations package.Service/Method and HTTP ones METHOD /route', () => {
    const ops = Array.from({ length: 10 }, (_, seed) => buildTopology(seed, 20)).flatMap((t) => t.services.flatMap((s) => s.operations));
    const grpc = ops.filter((o) => o.protocol === 'grpc');
    expect(grpc.length).toBeGreaterThan(0);
    for (const o of grpc) expect(o.name).toBe(`${o.rpcService}/${o.name.split('/')[1]}`);
    for (const o of ops.filter((x) => x.protocol === 'http')) expect(o.name).toMatch(/^(GET|POST|PUT|DELETE) \/api\//);
  });
});
