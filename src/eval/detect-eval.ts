/**
 * The detection evaluation behind `aiops eval detect`: many simulated seeds (topologies and names the detectors
 * were not tuned on), every fault kind in turn, plus fault-free runs, each through a fresh embedded app on a pinned
 * clock. Scored with strict matching (detect-scoring.ts).
 */
import type { Incident } from '../core/index.js';
import { FAULT_KINDS, type FaultKind } from '../core/fault-kinds.js';
import type { GroundTruth } from '../sim/types.js';
import { runScenario } from './run-scenario.js';
import { scoreScenario, summarize, type ScenarioScore } from './detect-scoring.js';

export interface DetectEvalOptions {
  seeds: number;
  fromSeed: number;
  /** Every cleanEvery-th run has no fault (0: none clean). */
  cleanEvery: number;
  profile: 'classic' | 'diverse';
  kinds?: readonly FaultKind[];
  warmupMinutes?: number;
  faultMinutes?: number;
  recoveryMinutes?: number;
  /** Services of a run; default 10–40 from the seed. */
  services?: (seed: number) => number;
  /** Run only the runs n with n % count === index (several processes share one evaluation; fault kinds stay per n). */
  shard?: { index: number; count: number };
}

/** Monday 2026-01-05 00:00 UTC: the pinned day every run's event time starts on. */
export const EVAL_DAY_MS = Date.UTC(2026, 0, 5);

/**
 * Minute 0 of a run. Classic: 08:00, as the project always measured. Diverse: an hour of day from the seed, so runs
 * start on every slope of the daily cycle (night lows, morning ramps, the afternoon peak).
 */
export function runStartMs(seed: number, profile: DetectEvalOptions['profile']): number {
  const hour = profile === 'diverse' ? (seed * 7) % 24 : 8;
  return EVAL_DAY_MS + hour * 3_600_000;
}

export const DETECT_EVAL_MODE = [
  'strict matching: an incident is a hit only when its services include the faulty node (no neighbour credit)',
  'the method gets: the simulated telemetry (spans, metrics, logs) through the live pipeline in event-time order, on a clock pinned to simulated time',
  'never the fault kind, target, start or end',
].join('; ');

export async function runDetectEval(
  o: DetectEvalOptions,
  onRun: (line: string, score: ScenarioScore) => void,
): Promise<ReturnType<typeof summarize> & { seconds: number }> {
  const kinds = o.kinds ?? FAULT_KINDS;
  const scores: ScenarioScore[] = [];
  const t0 = Date.now();
  let faulty = 0;
  for (let n = 0; n < o.seeds; n++) {
    const seed = o.fromSeed + n;
    const fault = o.cleanEvery && n % o.cleanEvery === o.cleanEvery - 1 ? undefined : kinds[faulty++ % kinds.length];
    if (o.shard && n % o.shard.count !== o.shard.index) continue;
    const services = o.services?.(seed) ?? 10 + ((seed * 7) % 31);
    const r = await runScenario({
      seed, fault, services, profile: o.profile, startMs: runStartMs(seed, o.profile), transport: 'direct',
      warmupMinutes: o.warmupMinutes ?? 90, faultMinutes: o.faultMinutes ?? 20, recoveryMinutes: o.recoveryMinutes ?? 15,
    });
    const score = scoreScenario(r.groundTruth, r.incidents, { windowMs: 60_000, nodes: r.sim.topology.services.length + r.sim.topology.databases.length, minutes: r.minutes });
    scores.push(score);
    onRun(line(seed, services, r.groundTruth, r.incidents, score), score);
  }
  return { ...summarize(scores), seconds: Math.round((Date.now() - t0) / 1000) };
}

function line(seed: number, services: number, truth: GroundTruth | null, incidents: readonly Incident[], s: ScenarioScore): string {
  const fault = truth ? `${truth.kind.padEnd(7)} in ${truth.service}` : 'no fault';
  const top = s.matched?.rootCauses[0]?.service ?? '-';
  const detected = s.detected ? `yes (+${s.detectionSeconds} s)` : truth ? 'NO' : '-';
  const falseOnes = incidents.filter((i) => i !== s.matched).map((i) => `${i.openedAt.slice(11, 16)} ${i.services.slice(0, 3).join('+')}`);
  return `seed ${seed}  ${String(services).padStart(2)} svc  ${fault.padEnd(34)} incidents ${incidents.length}  detected ${detected}  false ${s.falseIncidents}${falseOnes.length && s.falseIncidents ? ` [${falseOnes.join('; ')}]` : ''}  top cause ${top}`;
}
