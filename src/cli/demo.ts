import { parseArgs } from 'node:util';
import { FAULT_KINDS as FAULTS, type FaultKind } from '../core/fault-kinds.js';
import { renderAction, renderIncident } from './render.js';
import { UsageError, parseIntArg, type Command } from './io.js';
import { runScenario } from '../eval/run-scenario.js';

/** Embedded end-to-end run: simulated system → OTLP/HTTP → pipeline on PGlite → incident with root cause. */
export const demo: Command = async (argv, io) => {
  const { values } = parseArgs({ args: argv, options: { seed: { type: 'string' }, fault: { type: 'string' }, json: { type: 'boolean' }, services: { type: 'string' } } });
  const seed = parseIntArg('seed', values.seed, 0, 2 ** 31) ?? 7;
  const fault = (values.fault ?? 'latency') as FaultKind;
  if (!FAULTS.includes(fault)) throw new UsageError(`--fault must be one of ${FAULTS.join(', ')} (got "${values.fault}")`);
  const services = parseIntArg('services', values.services, 10, 60);
  const say = values.json ? io.err : io.out;
  const t0 = Date.now();
  say(`otlp-aiops demo: seed ${seed}, fault "${fault}", embedded PGlite, telemetry sent as OTLP/protobuf over HTTP`);
  const result = await runScenario({
    seed,
    fault,
    services,
    transport: 'http',
    onProgress: (minute, total, sim) => {
      if (minute === 1) say(`topology: ${sim.topology.services.length} services, ${sim.topology.databases.length} databases, ${sim.topology.externals.length} external APIs`);
      if (minute % 15 === 0 || minute === total) say(`  simulated ${minute}/${total} minutes`);
    },
  });
  const truth = result.groundTruth!;
  const found = result.incidents;
  if (values.json) {
    io.out(JSON.stringify({ fault: { service: truth.service, kind: truth.kind, at: truth.at }, incidents: found, actions: result.actions }));
    return 0;
  }
  say(`\ninjected: ${truth.kind} in ${truth.service} at ${truth.at} (until ${truth.endsAt})`);
  say(`${result.spans} spans in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${found.length} incident(s)\n`);
  for (const incident of found) {
    say(renderIncident(incident));
    for (const a of result.actions.filter((x) => x.incidentId === incident.id)) say(renderAction(a));
    say('');
  }
  const top = found.find((i) => i.rootCauses.length)?.rootCauses[0];
  say(top?.service === truth.service ? `✓ top root cause is the injected service (${truth.service})` : `✗ top root cause ${top?.service ?? 'none'} differs from the injected ${truth.service}`);
  return 0;
};
