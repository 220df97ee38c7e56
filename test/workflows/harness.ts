/** A remediation setup on real stores (PGlite in memory unless a URL is given) with a settable clock. */
import type { Action, Incident, RemediationNotifier } from '../../src/core/index.js';
import type { ActionsDeps } from '../../src/ops/actions.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import type { ActionExecutor } from '../../src/core/executor.js';
import { createRemediation, type Remediation, type RemediationConfig } from '../../src/workflows/remediation.js';
import { featureRow } from '../stores/fixtures.js';

export const T0 = Date.UTC(2026, 0, 10, 3, 0); // 03:00 UTC: outside peak hours
export const MIN = 60_000;

export function incident(o: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1',
    status: 'open',
    severity: 'high',
    openedAt: new Date(T0 - 5 * MIN).toISOString(),
    firstAnomalyAt: new Date(T0 - 10 * MIN).toISOString(),
    resolvedAt: null,
    services: ['checkout'],
    rootCauses: [{ service: 'checkout', indicator: 'latency', score: 0.8, evidence: ['checkout p99 ×6 over baseline'] }],
    anomalies: [{ service: 'checkout', operation: '', feature: 'p99Ms', windowStart: new Date(T0 - 10 * MIN).toISOString(), value: 600, baseline: 100, score: 12, direction: 'up' }],
    ...o,
  };
}

export class TestClock {
  constructor(public t = T0) {}
  now = () => this.t;
  advance(ms: number) {
    this.t += ms;
  }
}

export interface Harness {
  stores: Stores;
  clock: TestClock;
  remediation: Remediation;
  deps: ActionsDeps;
  notified: { status: string; id: string }[];
  /** Writes a service-level window of checkout with the given p99 at the clock's minute. */
  window(p99: number, at?: number): Promise<void>;
  close(): Promise<void>;
}

export async function harness(o: { config?: Partial<RemediationConfig & ActionsDeps['config']>; executor?: ActionExecutor; databaseUrl?: string; approvers?: string[] } = {}): Promise<Harness> {
  const stores = await openStores({ dataDir: 'memory://', databaseUrl: o.databaseUrl, timescale: 'off' });
  const clock = new TestClock();
  const notified: Harness['notified'] = [];
  const notifier: RemediationNotifier = { actionChanged: async (a: Action) => void notified.push({ status: a.status, id: a.id }) };
  await stores.incidents.save(incident());
  const config: RemediationConfig = { executor: 'dry-run', approvalTimeoutMs: 30 * MIN, windowMs: MIN, verifyWindows: 3, actionsEnabled: true, maxConcurrent: 3, ...o.config };
  const remediation = await createRemediation(config, { actions: stores.actions, incidents: stores.incidents, features: stores.features, runs: stores.remediationRuns, clock, notifier, executor: o.executor });
  const approvers = new Set(o.approvers ?? ['U1', 'U2', 'U3']);
  const deps: ActionsDeps = {
    actions: stores.actions,
    incidents: stores.incidents,
    approvers: async (u) => approvers.has(u),
    driver: remediation.driver,
    clock,
    config: { approvalThreshold: 0.7, actionsEnabled: config.actionsEnabled, allowedNamespaces: config.allowedNamespaces, maxConcurrent: config.maxConcurrent, dryRun: config.executor === 'dry-run', ...o.config },
  };
  return {
    stores,
    clock,
    remediation,
    deps,
    notified,
    window: (p99, at = clock.now()) => stores.features.upsertWindows([featureRow({ service: 'checkout', windowStart: Math.floor(at / MIN) * MIN, p99Ms: p99 })]),
    async close() {
      await remediation.worker?.stop();
      await remediation.close();
      await stores.close();
    },
  };
}

/** Runs the embedded worker's due steps, moving the clock by `stepMs` between rounds, until `until` holds. */
export async function drive(h: Harness, until: () => Promise<boolean>, stepMs = MIN, rounds = 40): Promise<void> {
  const w = { tick: () => h.remediation.worker!.tick!() };
  for (let i = 0; i < rounds; i++) {
    await w.tick();
    if (await until()) return;
    h.clock.advance(stepMs);
  }
  throw new Error('drive: condition not reached');
}
