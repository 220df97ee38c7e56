/**
 * `aiops eval remediation`: per simulated fault kind, detection → proposal → approval → execution → verified
 * recovery, in event-time minutes after the fault started. The last line is `RESULT {json}`.
 */
import { parseArgs } from 'node:util';
import { median } from '../core/stats.js';
import { orNull } from '../eval/stats.js';
import type { FaultKind } from '../sim/types.js';
import { parseIntArg, UsageError, type Command } from './io.js';
import { runRemediationScenario, type RemediationRun } from './remediation-scenario.js';

/** The kinds this evaluation was built and measured on; the simulator's newer kinds (network, traffic) are not in it yet. */
const REMEDIATION_EVAL_KINDS: readonly FaultKind[] = ['latency', 'errors', 'cpu', 'memory', 'db'];

/**
 * The simulated clock the runs end at unless `--end` says otherwise. The simulator's traffic follows the time of day,
 * so an evaluation on the wall clock gave different numbers by the hour it ran (seed 7's errors fault ranked fx-rates
 * above the true transfers at 21:41 and 21:42 UTC only); a pinned end makes each run reproducible.
 */
export const REMEDIATION_EVAL_END = '2026-12-06T21:00:00Z';

const fmt = (n: number | undefined) => (n === undefined ? '-' : `${n.toFixed(0)}m`);

function line(r: RemediationRun): string {
  const s = r.stages;
  const a = r.action;
  const what = a ? `${a.type} ${a.target.service} risk ${a.riskScore.toFixed(2)}${a.requiresApproval ? ` (${a.requiredApprovers ?? 1} approver${(a.requiredApprovers ?? 1) > 1 ? 's' : ''})` : ''} → ${a.status}` : 'no action';
  return `${r.fault.padEnd(7)} seed ${r.seed} in ${r.truth?.service ?? '?'}: ${what}; detected ${fmt(s.detected)}, proposed ${fmt(s.proposed)}, approved ${fmt(s.approved)}, executed ${fmt(s.executed)}, verified ${fmt(s.verified)}, incident resolved ${fmt(s.resolved)}`;
}

export const evalRemediation = async (argv: string[], io: Parameters<Command>[1]): Promise<number> => {
  const { values } = parseArgs({ args: argv, options: { seed: { type: 'string' }, fault: { type: 'string' }, 'approval-delay': { type: 'string' }, end: { type: 'string' } } });
  const seed = parseIntArg('seed', values.seed, 0, 2 ** 31) ?? 7;
  const delay = parseIntArg('approval-delay', values['approval-delay'], 0, 25) ?? 2;
  const faults = (values.fault ? values.fault.split(',') : [...REMEDIATION_EVAL_KINDS]) as FaultKind[];
  for (const f of faults) if (!REMEDIATION_EVAL_KINDS.includes(f)) throw new UsageError(`--fault must be among ${REMEDIATION_EVAL_KINDS.join(', ')} (got "${f}")`);
  const endIso = values.end ?? REMEDIATION_EVAL_END;
  const endMs = Date.parse(endIso);
  if (!Number.isFinite(endMs)) throw new UsageError(`--end must be an ISO 8601 time, e.g. ${REMEDIATION_EVAL_END} (got "${endIso}")`);
  io.out(`mode: simulator seed ${seed}, simulated clock ending ${new Date(endMs).toISOString()}; the method sees telemetry only (deployments from service.version changes, no fault labels)`);
  const runs: RemediationRun[] = [];
  for (const fault of faults) {
    const r = await runRemediationScenario({ seed, fault, approvalDelayMinutes: delay, endMs });
    runs.push(r);
    io.out(line(r));
  }
  const recovered = runs.filter((r) => r.action?.status === 'succeeded');
  const mttr = recovered.map((r) => r.stages.verified!);
  const result = {
    seed,
    end: new Date(endMs).toISOString(),
    approvalDelayMinutes: delay,
    runs: runs.map((r) => ({ fault: r.fault, root: r.truth?.service, action: r.action?.type, target: r.action?.target.service, risk: r.action?.riskScore, approvers: r.action?.requiresApproval ? (r.action.requiredApprovers ?? 1) : 0, status: r.action?.status ?? 'none', ...r.stages })),
    recovered: recovered.length,
    total: runs.length,
    meanMttrMinutes: mttr.length ? mttr.reduce((s, x) => s + x, 0) / mttr.length : null,
    medianMttrMinutes: orNull(median(mttr)),
  };
  io.out(`\n${recovered.length}/${runs.length} faults remediated with verified recovery; MTTR (fault start → verified recovery, event time) mean ${result.meanMttrMinutes?.toFixed(1) ?? '-'} min`);
  io.out(`RESULT ${JSON.stringify(result)}`);
  return 0;
};
