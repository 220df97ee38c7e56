/**
 * One simulated fault, remediated end to end on the real path: the pipeline opens an incident, the decision
 * engine picks the action, `ops/` proposes it (risk, approval need), simulated on-call approvers decide after a
 * delay, the embedded driver executes it on the simulator and verifies recovery from the stored features.
 * Every time is event time (the simulated minute), so the MTTR does not depend on how fast this machine is.
 */
import { createApp } from '../app.js';
import { loadConfig } from '../config/config.js';
import type { Action, Incident } from '../core/index.js';
import type { ProposedAction } from '../decision/engine/index.js';
import { silentLogger } from '../obs/logger.js';
import { decideAction, type ActionsDeps } from '../ops/actions.js';
import { proposeFromEngine } from '../ops/propose-from-engine.js';
import { incidentChanges } from '../ops/incident-changes.js';
import { createSimulation } from '../sim/simulation.js';
import type { FaultKind, GroundTruth } from '../sim/types.js';
import { loadKnowledge } from '../stores/knowledge-fs/load-knowledge.js';
import { createSimExecutor } from '../workflows/executors/sim-executor.js';
import { createRemediation } from '../workflows/remediation.js';

export interface RemediationRun {
  seed: number;
  fault: FaultKind;
  truth: GroundTruth | null;
  incident?: Incident;
  proposed?: ProposedAction;
  action?: Action;
  /** Event-time minutes after the fault started, per stage. */
  stages: Partial<Record<'detected' | 'proposed' | 'approved' | 'executed' | 'verified' | 'resolved', number>>;
}

const MIN = 60_000;
const APPROVERS = ['sim-oncall-1', 'sim-oncall-2'];

/**
 * `endMs` pins the simulated time (default: the run ends about now). The simulator's traffic follows the time of day
 * and the risk score has peak hours, so a test that must give the same result whenever it runs pins it.
 */
export async function runRemediationScenario(o: { seed: number; fault: FaultKind; approvalDelayMinutes: number; warmupMinutes?: number; maxMinutes?: number; endMs?: number }): Promise<RemediationRun> {
  const warmup = o.warmupMinutes ?? 60;
  const total = warmup + (o.maxMinutes ?? 45);
  const startMs = Math.floor((o.endMs ?? Date.now()) / MIN) * MIN - (total + 5) * MIN;
  // The fault outlasts the run: only the remediation can end it.
  // The world of this evaluation: latency and errors faults are bad releases, so the target reports a new
  // service.version from the fault's first minute. The engine is told nothing; the pipeline must see it.
  const withDeployment = o.fault === 'latency' || o.fault === 'errors';
  const sim = createSimulation({ seed: o.seed, startMs, fault: { kind: o.fault, atMinute: warmup, durationMinutes: total, withDeployment } });
  const app = await createApp(loadConfig({ AIOPS_DATA_DIR: 'memory://', AIOPS_LOG_LEVEL: 'error' }), { logger: silentLogger, servers: false });
  let minute = 0;
  const clock = { now: () => startMs + minute * MIN };
  const remediation = await createRemediation(
    { executor: 'dry-run', approvalTimeoutMs: 30 * MIN, windowMs: MIN, verifyWindows: 5, actionsEnabled: true, maxConcurrent: 3 },
    { actions: app.stores.actions, incidents: app.stores.incidents, features: app.stores.features, runs: app.stores.remediationRuns, clock, executor: createSimExecutor({ applyAction: (a) => sim.applyAction(a), nextMinute: () => minute }) },
  );
  const deps: ActionsDeps = { actions: app.stores.actions, incidents: app.stores.incidents, approvers: async (u) => APPROVERS.includes(u), driver: remediation.driver, clock, config: { approvalThreshold: 0.7, actionsEnabled: true, maxConcurrent: 3, dryRun: false } };
  const knowledge = await loadKnowledge('knowledge');
  const run: RemediationRun = { seed: o.seed, fault: o.fault, truth: sim.groundTruth, stages: {} };
  const faultAt = startMs + warmup * MIN;
  const since = () => (clock.now() - faultAt) / MIN;
  await app.start();
  try {
    for (minute = 0; minute < total; ) {
      await app.pipeline.consume(sim.minute(minute));
      // Verification reads the stored windows; the pipeline writes behind, so make this minute's windows visible.
      await app.pipeline.sync();
      minute++;
      if (!run.action) await proposeFor(run);
      else await progress(run);
      await remediation.worker!.tick!();
      if (run.action) run.action = (await app.stores.actions.get(run.action.id)) ?? run.action;
      if (run.stages.resolved !== undefined || run.action?.status === 'compensated' || run.action?.status === 'expired') break;
    }
    return run;
  } finally {
    await remediation.worker?.stop();
    await app.stop();
  }

  async function proposeFor(r: RemediationRun): Promise<void> {
    const open = (await app.stores.incidents.list({ status: 'open' })).filter((i) => !i.mergedInto && i.rootCauses.length);
    const incident = open[0] && (await app.stores.incidents.get(open[0].id));
    if (!incident) return;
    r.incident = incident;
    r.stages.detected ??= (Date.parse(incident.openedAt) - faultAt) / MIN;
    // Deployments only as the telemetry showed them: the pipeline stored every service.version change it saw.
    const changes = await incidentChanges(app.stores.changes, incident, clock.now());
    const graph = await app.stores.graph.getGraph({});
    const workloads = Object.fromEntries(sim.topology.services.map((s) => [s.name, { namespace: sim.topology.namespace, kind: 'Deployment' as const, replicas: 3 }]));
    const out = await proposeFromEngine(deps, { incident, rules: knowledge.rules, faultPatterns: knowledge.faultPatterns, graph, now: clock.now(), changes, workloads, decisionConfig: { defaultNamespace: sim.topology.namespace } });
    if (!out) return;
    const { proposal: best, result: p } = out;
    if (!p.ok) throw new Error(`proposal refused: ${p.error.message}`);
    r.proposed = best;
    r.action = p.value;
    r.stages.proposed = since();
  }

  async function progress(r: RemediationRun): Promise<void> {
    const a = r.action!;
    const at = (event: string) => a.audit.find((e) => e.event === event)?.at;
    if (a.status === 'proposed' && a.requiresApproval && since() - r.stages.proposed! >= o.approvalDelayMinutes) {
      for (const user of APPROVERS.slice(0, a.requiredApprovers ?? 1)) await decideAction(deps, { actionId: a.id, decision: 'approve', user, via: 'api' });
    }
    for (const [stage, event] of [['approved', 'approved'], ['executed', 'executed'], ['verified', 'verified']] as const) {
      const t = at(event);
      if (t && r.stages[stage] === undefined) r.stages[stage] = (Date.parse(t) - faultAt) / MIN;
    }
    const inc = r.incident && (await app.stores.incidents.get(r.incident.id));
    if (inc?.status === 'resolved' && inc.resolvedAt) {
      r.incident = inc;
      r.stages.resolved = (Date.parse(inc.resolvedAt) - faultAt) / MIN;
    }
  }
}
