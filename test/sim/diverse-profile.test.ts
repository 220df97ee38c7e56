import { describe, expect, it } from 'vitest';
import { DeploymentTracker } from '../../src/features/deployments.js';
import { decodeTraces } from '../../src/ingest/otlp/decode-traces.js';
import { encodeTraces, resourceInfoOf } from '../../src/sim/otlp-encode.js';
import { createSimulation } from '../../src/sim/simulation.js';
import { buildTopology } from '../../src/sim/topology.js';

const START = Date.UTC(2026, 0, 5, 8, 0);
const MIN = 60_000;

describe('simulator: diverse profile', () => {
  it('leaves classic topologies alone and gives diverse ones two instances of one system that share a namespace', () => {
    for (let seed = 1; seed <= 6; seed++) {
      expect(buildTopology(seed, 12, 'classic').databases.every((d) => d.address === undefined)).toBe(true);
      const dbs = buildTopology(seed, 12, 'diverse').databases;
      const twins = dbs.filter((a) => dbs.some((b) => b !== a && b.system === a.system && b.namespace === a.namespace && b.address !== a.address));
      expect(twins.length, `seed ${seed}`).toBeGreaterThanOrEqual(2);
      expect(new Set(dbs.map((d) => d.name)).size).toBe(dbs.length);
    }
  });

  it('writes stable and old attribute names by service, and the decoder reads back the same peer fields', () => {
    const sim = createSimulation({ seed: 2, startMs: START, profile: 'diverse' });
    const batch = sim.minute(0);
    const db = batch.spans.filter((s) => s.dbSystem !== undefined);
    const info = { ...resourceInfoOf(batch.spans, sim.topology.namespace), dialects: sim.topology.dialects };
    const json = new TextDecoder().decode(encodeTraces(db, 'json', info));
    for (const key of ['"db.system.name"', '"db.system"', '"db.namespace"', '"db.name"', '"server.address"', '"net.peer.name"']) expect(json).toContain(key);
    const back = decodeTraces(encodeTraces(db, 'protobuf', info), 'protobuf', { nowMs: START + MIN, maxFutureSkewMs: MIN }).spans;
    // The encoder groups spans by resource: compare by span id.
    const peer = (s: (typeof db)[number]) => `${s.spanId} ${s.dbSystem} ${s.dbName} ${s.serverAddress} ${s.serverPort}`;
    expect(back.map(peer).sort()).toEqual(db.map(peer).sort());
  });

  it('rolls out harmless releases, and a fault that ships with one changes its version at the fault minute', () => {
    const plain = createSimulation({ seed: 4, startMs: START, profile: 'diverse' });
    expect(plain.deployments.length).toBeGreaterThanOrEqual(1);
    expect(plain.deployments.every((d) => !d.faulty)).toBe(true);
    const sim = createSimulation({ seed: 4, startMs: START, fault: { kind: 'errors', atMinute: 30, durationMinutes: 5, withDeployment: true } });
    const target = sim.groundTruth!.service;
    expect(sim.deployments).toEqual([expect.objectContaining({ service: target, atMinute: 30, faulty: true })]);
    const tracker = new DeploymentTracker();
    const seen = [29, 30].flatMap((i) => tracker.observe(sim.minute(i).spans));
    expect(seen).toEqual([expect.objectContaining({ service: target, version: sim.deployments[0].version, previousVersion: sim.deployments[0].previousVersion })]);
    expect(seen[0].at).toBeGreaterThanOrEqual(START + 30 * MIN);
    expect(seen[0].at).toBeLessThan(START + 31 * MIN);
    sim.applyAction({ type: 'ROLLBACK', service: target, atMinute: 32 });
    expect(new Set(sim.minute(32).spans.filter((s) => s.service === target).map((s) => s.serviceVersion))).toEqual(new Set([sim.deployments[0].previousVersion]));
  });
});
