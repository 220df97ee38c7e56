/**
 * `aiops eval detect`: many simulated seeds (topologies and names the detectors were not tuned on: seeds start at
 * 1000 by default), every fault kind, plus fault-free runs. Scores incidents against ground truth.
 */
import { parseArgs } from 'node:util';
import type { Incident } from '../core/index.js';
import type { FaultKind, GroundTruth } from '../sim/types.js';
import { parseIntArg, type Command } from './io.js';
import { runScenario } from './run-scenario.js';
import { scoreScenario, summarize, type ScenarioScore } from './detect-scoring.js';

const FAULTS: FaultKind[] = ['latency', 'errors', 'cpu', 'memory', 'db'];

export const evalDetect = async (argv: string[], io: Parameters<Command>[1]): Promise<number> => {
  const { values } = parseArgs({ args: argv, options: { seeds: { type: 'string' }, 'from-seed': { type: 'string' }, 'clean-every': { type: 'string' } } });
  const seeds = parseIntArg('seeds', values.seeds, 1, 10_000) ?? 20;
  const first = parseIntArg('from-seed', values['from-seed'], 0, 2 ** 31) ?? 1000;
  const cleanEvery = parseIntArg('clean-every', values['clean-every'], 0, 100) ?? 5;
  const scores: ScenarioScore[] = [];
  const t0 = Date.now();
  let faulty = 0;
  for (let n = 0; n < seeds; n++) {
    const seed = first + n;
    // Every cleanEvery-th run has no fault: it measures false incidents on healthy traffic. The others cycle through
    // every fault kind.
    const fault = cleanEvery && n % cleanEvery === cleanEvery - 1 ? undefined : FAULTS[faulty++ % FAULTS.length];
    const services = 10 + ((seed * 7) % 31);
    const r = await runScenario({ seed, fault, services, transport: 'direct', warmupMinutes: 90, faultMinutes: 20, recoveryMinutes: 15 });
    const score = scoreScenario(r.groundTruth, r.incidents, { windowMs: 60_000, services: r.sim.topology.services.length + r.sim.topology.databases.length, minutes: r.minutes, graph: neighbours(r.sim) });
    scores.push(score);
    io.out(line(seed, services, r.groundTruth, r.incidents, score));
  }
  const summary = summarize(scores);
  io.out(`\n${seeds} runs in ${((Date.now() - t0) / 1000).toFixed(0)} s: recall ${summary.recall.toFixed(3)}, incident precision ${summary.incidentPrecision.toFixed(3)}, median detection ${summary.medianDetectionWindows} windows, ${summary.falseIncidentsPer10ServiceHours.toFixed(2)} false incidents / 10 service-hours, RCA AC@1 ${summary.rcaTop1.toFixed(3)}`);
  io.out(`RESULT ${JSON.stringify({ ...summary, seeds, fromSeed: first })}`);
  return 0;
};

function neighbours(sim: Awaited<ReturnType<typeof runScenario>>['sim']): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (!m.has(a)) m.set(a, new Set());
    if (!m.has(b)) m.set(b, new Set());
    m.get(a)!.add(b);
    m.get(b)!.add(a);
  };
  for (const s of sim.topology.services) for (const callee of s.dependsOn) link(s.name, callee);
  return m;
}

function line(seed: number, services: number, truth: GroundTruth | null, incidents: Incident[], s: ScenarioScore): string {
  const fault = truth ? `${truth.kind.padEnd(7)} in ${truth.service}` : 'no fault';
  const top = s.matched?.rootCauses[0]?.service ?? '-';
  return `seed ${seed}  ${String(services).padStart(2)} svc  ${fault.padEnd(34)} incidents ${incidents.length}  detected ${s.detected ? `yes (+${s.detectionWindows} win)` : truth ? 'NO' : '-'}  false ${s.falseIncidents}  top cause ${top}`;
}
