/**
 * A FeatureStore whose `listServices` also names the services the pipeline has seen but not yet closed a window
 * for, so that a new service is known at its first accepted span, metric or log (API, Slack, agent alike).
 */
import type { FeatureStore } from '../core/index.js';

export interface SeenServicesView {
  list(): readonly { name: string; lastSeen: number }[];
}

export function withSeenServices(store: FeatureStore, seen: SeenServicesView): FeatureStore {
  // Delegation by prototype: every other method (including ones added later) is the store's own.
  const wrapped = Object.create(store) as FeatureStore;
  wrapped.listServices = async () => {
    const stored = await store.listServices();
    const byName = new Map(stored.map((s) => [s.name, s]));
    for (const s of seen.list()) {
      const had = byName.get(s.name);
      if (had === undefined || s.lastSeen > had.lastSeen) byName.set(s.name, { name: s.name, lastSeen: s.lastSeen });
    }
    return [...byName.values()];
  };
  return wrapped;
}
