/**
 * Labelled simulator streams: one embedded run per seed (clean history, a fault of the cycled kind, recovery),
 * the stored 1m windows read back after the run: service-level rows and each service's callers' view
 * (`CALLERS_OPERATION`, the client spans into it), the rows the production detector judges a service by — a network
 * fault on a service that makes no calls shows only in the latter (wire time). The fault's rows are labelled on the
 * injected service; a database has no rows of its own, so a database fault is labelled on the services that call it.
 */
import { ALL_OPERATIONS, CALLERS_OPERATION, type FeatureWindow } from '../core/index.js';
import { runScenario } from '../eval/run-scenario.js';
import type { FaultKind } from '../sim/types.js';
import type { LabelledStream } from './labelled-windows.js';

export interface SimulatedStreamOptions {
  seed: number;
  fault?: FaultKind;
  services?: number;
  warmupMinutes?: number;
  faultMinutes?: number;
  recoveryMinutes?: number;
  profile?: 'classic' | 'diverse';
}

/** A row the labelled streams keep: the service's own (all operations) or its callers' view of it. */
export const isStreamRow = (r: Pick<FeatureWindow, 'operation'>): boolean => r.operation === ALL_OPERATIONS || r.operation === CALLERS_OPERATION;

export async function simulatedStream(o: SimulatedStreamOptions): Promise<LabelledStream> {
  let rows: FeatureWindow[] = [];
  const r = await runScenario({
    seed: o.seed,
    fault: o.fault,
    services: o.services ?? 10 + ((o.seed * 7) % 21),
    transport: 'direct',
    profile: o.profile ?? 'diverse',
    warmupMinutes: o.warmupMinutes ?? 90,
    faultMinutes: o.faultMinutes ?? 20,
    recoveryMinutes: o.recoveryMinutes ?? 15,
    beforeStop: async (app, sim) => {
      void sim;
      rows = (await app.stores.features.queryRange(0, Date.now() + 86_400_000, '1m')).filter(isStreamRow);
    },
  });
  const truth = r.groundTruth;
  const nodes = !truth
    ? []
    : r.sim.topology.services.some((s) => s.name === truth.service)
      ? [truth.service]
      : r.sim.topology.services.filter((s) => s.databases.includes(truth.service) || s.dependsOn.includes(truth.service)).map((s) => s.name);
  return {
    name: `seed ${o.seed} ${truth ? `${truth.kind} in ${truth.service}` : 'no fault'}`,
    rows: rows.sort((a, b) => a.windowStart - b.windowStart || a.service.localeCompare(b.service) || a.operation.localeCompare(b.operation)),
    faults: truth ? [{ nodes, from: Date.parse(truth.at), to: Date.parse(truth.endsAt), kind: truth.kind }] : [],
    scoreFrom: r.startMs + 30 * 60_000,
  };
}
