import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../src/core/index.js';
import { DeploymentTracker } from '../../src/features/deployments.js';
import { span } from './builders.js';

const MIN = 60_000;
const s = (service: string, version: string | undefined, startMs: number, serviceRevision?: string) =>
  span({ service, kind: SpanKind.SERVER, serviceVersion: version, serviceRevision, startMs, endMs: startMs + 5 });

describe('deployments from telemetry', () => {
  it('a service first seen is a baseline; a new version is a deployment at its first span', () => {
    const t = new DeploymentTracker();
    expect(t.observe([s('cart', '1.0.0', 0), s('cart', '1.0.0', 1000)])).toEqual([]);
    expect(t.observe([s('cart', '1.0.0', 2 * MIN), s('cart', '1.1.0', 3 * MIN + 0.7), s('cart', '1.1.0', 3 * MIN + 9)])).toEqual([
      { service: 'cart', version: '1.1.0', previousVersion: '1.0.0', at: 3 * MIN },
    ]);
  });

  it('a rolling update (old and new side by side) is one deployment; a rollback to a quiet version is another', () => {
    const t = new DeploymentTracker({ quietMs: 10 * MIN });
    t.observe([s('cart', '1.0.0', 0)]);
    const rolling = t.observe([s('cart', '1.1.0', MIN), s('cart', '1.0.0', MIN + 10), s('cart', '1.1.0', 2 * MIN), s('cart', '1.0.0', 3 * MIN)]);
    expect(rolling.map((e) => e.version)).toEqual(['1.1.0']);
    expect(t.observe([s('cart', '1.1.0', 10 * MIN)])).toEqual([]);
    expect(t.observe([s('cart', '1.0.0', 20 * MIN)])).toEqual([{ service: 'cart', version: '1.0.0', previousVersion: '1.1.0', at: 20 * MIN }]);
  });

  it('a rollout without a new version is seen by its ReplicaSet; services are independent; unversioned spans are ignored', () => {
    const t = new DeploymentTracker();
    t.observe([s('cart', '2.0.0', 0, 'cart-5d9c7f8b6'), s('web', undefined, 0), s('pay', '1.0.0', 0)]);
    expect(t.observe([s('web', undefined, MIN), s('pay', '1.0.0', MIN), s('cart', '2.0.0', MIN, 'cart-7f6d5c4b3')])).toEqual([
      { service: 'cart', version: '2.0.0 (cart-7f6d5c4b3)', previousVersion: '2.0.0 (cart-5d9c7f8b6)', at: MIN },
    ]);
  });
});
