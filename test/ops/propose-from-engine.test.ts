import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceGraph } from '../../src/core/index.js';
import { proposeFromEngine } from '../../src/ops/propose-from-engine.js';
import { loadKnowledge } from '../../src/stores/knowledge-fs/load-knowledge.js';
import { harness, incident, T0, type Harness } from '../workflows/harness.js';

let h: Harness;
afterEach(async () => h?.close());

const graph: ServiceGraph = { nodes: [{ name: 'web', kind: 'service', lastSeen: T0 }, { name: 'checkout', kind: 'service', lastSeen: T0 }], edges: [{ from: 'web', to: 'checkout', calls: 100, errors: 0, p99Ms: 120 }] };

describe('proposeFromEngine', () => {
  it('proposes the engine’s best mutating action through proposeAction, once per incident', async () => {
    h = await harness();
    const k = await loadKnowledge('knowledge');
    const input = { incident: incident(), rules: k.rules, faultPatterns: k.faultPatterns, graph, now: T0 };
    const first = await proposeFromEngine(h.deps, input);
    expect(first?.result.ok).toBe(true);
    const action = first!.result.ok ? first!.result.value : undefined;
    expect(action).toMatchObject({ type: first!.proposal.type, target: { service: 'checkout' }, proposedBy: 'engine', status: 'proposed' });
    expect(action!.riskScore).toBeCloseTo(first!.proposal.riskScore, 12);
    expect(action!.reason!.slice(0, -1)).toEqual(first!.proposal.reason);
    expect(await proposeFromEngine(h.deps, input)).toBeNull();
  });

  it('ranks by the success history kept in the store: a candidate that keeps failing for this pattern drops', async () => {
    h = await harness();
    const k = await loadKnowledge('knowledge');
    const input = { incident: incident(), rules: k.rules, faultPatterns: k.faultPatterns, graph, now: T0 };
    const first = await proposeFromEngine(h.deps, input);
    const chosen = first!.result.ok ? first!.result.value : undefined;
    expect(chosen?.faultPattern).toBeTruthy();
    // The same action on the same service failed three times for this fault pattern before.
    for (let i = 0; i < 3; i++) {
      await h.deps.actions.create({ ...chosen!, id: `past-${i}`, incidentId: 'inc-past', status: 'compensated', audit: [] });
    }
    await h.deps.actions.create({ ...chosen!, id: 'other-open', incidentId: 'inc-other', status: 'rejected', audit: [] });
    const other = incident({ id: 'inc-2' });
    await h.deps.incidents.save(other);
    const second = await proposeFromEngine(h.deps, { ...input, incident: other });
    expect(second?.result.ok).toBe(true);
    const next = second!.result.ok ? second!.result.value : undefined;
    expect(`${next!.type} ${next!.target.service}`).not.toBe(`${chosen!.type} ${chosen!.target.service}`);
  });

  it('with the kill switch on, only a non-mutating step is proposed', async () => {
    h = await harness({ config: { actionsEnabled: false } });
    const k = await loadKnowledge('knowledge');
    const out = await proposeFromEngine(h.deps, { incident: incident(), rules: k.rules, faultPatterns: k.faultPatterns, graph, now: T0 });
    expect(out?.result.ok && ['ALERT', 'MANUAL'].includes(out.result.value.type)).toBe(true);
  });
});
