import { parseArgs } from 'node:util';
import { createSimulation } from '../sim/simulation.js';
import { sendBatch } from '../sim/otlp-sender.js';
import { FAULT_KINDS, type FaultKind } from '../sim/types.js';
import { UsageError, parseIntArg, type CliIo, type Command } from './io.js';
import { exportRcaevalCases } from './rcaeval-export.js';

/**
 * Sends synthetic OTLP to any OTLP/HTTP endpoint, one simulated minute per request set, as fast as the endpoint
 * accepts it (event time ends now; `--realtime` paces one simulated minute per wall minute).
 */
export const simulate: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      endpoint: { type: 'string' }, minutes: { type: 'string' }, fault: { type: 'string' }, seed: { type: 'string' },
      rate: { type: 'string' }, services: { type: 'string' }, 'fault-at': { type: 'string' }, json: { type: 'boolean' },
      format: { type: 'string' }, realtime: { type: 'boolean' }, profile: { type: 'string' },
      rcaeval: { type: 'string' }, cases: { type: 'string' }, 'from-seed': { type: 'string' },
    },
  });
  if (values.rcaeval !== undefined) return exportDataset(values.rcaeval, values, io);
  if (values.cases !== undefined || values['from-seed'] !== undefined) throw new UsageError('--cases and --from-seed go with --rcaeval DIR');
  if (!values.endpoint) throw new UsageError('--endpoint URL is required (e.g. http://127.0.0.1:4318)');
  try {
    new URL(values.endpoint);
  } catch {
    throw new UsageError(`--endpoint must be a URL (got "${values.endpoint}")`);
  }
  const fault = values.fault as FaultKind | undefined;
  if (fault && !FAULT_KINDS.includes(fault)) throw new UsageError(`--fault must be one of ${FAULT_KINDS.join(', ')}`);
  const format = (values.format ?? 'protobuf') as 'protobuf' | 'json';
  if (format !== 'protobuf' && format !== 'json') throw new UsageError('--format must be protobuf or json');
  const minutes = parseIntArg('minutes', values.minutes, 1, 100_000) ?? 60;
  const seed = parseIntArg('seed', values.seed, 0, 2 ** 31) ?? 1;
  const faultAt = parseIntArg('fault-at', values['fault-at'], 0, minutes - 1) ?? Math.floor(minutes * 0.7);
  const startMs = Math.floor(Date.now() / 60_000) * 60_000 - (values.realtime ? 0 : minutes * 60_000);
  const profile = values.profile ?? 'classic';
  if (profile !== 'classic' && profile !== 'diverse') throw new UsageError(`--profile must be classic or diverse (got "${profile}")`);
  const sim = createSimulation({
    seed,
    startMs,
    profile,
    services: parseIntArg('services', values.services, 10, 60),
    ratePerMinute: parseIntArg('rate', values.rate, 1, 1_000_000),
    fault: fault ? { kind: fault, atMinute: faultAt, durationMinutes: Math.max(1, Math.min(15, minutes - faultAt)) } : undefined,
  });
  const log = values.json ? io.err : io.out;
  log(`simulating ${sim.topology.services.length} services for ${minutes} min → ${values.endpoint} (${format})`);
  let spans = 0;
  let rejected = 0;
  for (let i = 0; i < minutes; i++) {
    if (values.realtime) await new Promise((r) => setTimeout(r, Math.max(0, startMs + i * 60_000 - Date.now())));
    const batch = sim.minute(i);
    const r = await sendBatch(values.endpoint, batch, { format, maxRetries: 10, namespace: sim.topology.namespace, dialects: sim.topology.dialects });
    if (r.status >= 300) throw new Error(`endpoint answered ${r.status} at simulated minute ${i}`);
    spans += batch.spans.length;
    rejected += r.rejected;
  }
  const summary = { minutes, spans, rejected, groundTruth: sim.groundTruth };
  if (values.json) io.out(JSON.stringify(summary));
  else log(`sent ${spans} spans (${rejected} rejected); ground truth: ${sim.groundTruth ? `${sim.groundTruth.kind} in ${sim.groundTruth.service} at ${sim.groundTruth.at}` : 'no fault'}`);
  return 0;
};

/**
 * `--rcaeval DIR`: no endpoint; each case runs in its own embedded app and lands in DIR in the RCAEval layout
 * (src/cli/rcaeval-export.ts). One line per case, then `RESULT {json}`.
 */
async function exportDataset(dir: string, values: { cases?: string; 'from-seed'?: string; endpoint?: string; fault?: string }, io: CliIo): Promise<number> {
  if (dir.trim() === '') throw new UsageError('--rcaeval needs a directory');
  if (values.endpoint !== undefined || values.fault !== undefined) throw new UsageError('--rcaeval exports every fault kind in turn; drop --endpoint and --fault');
  const cases = parseIntArg('cases', values.cases, 1, 10_000) ?? 60;
  const fromSeed = parseIntArg('from-seed', values['from-seed'], 0, 2 ** 31 - 10_000) ?? 4001;
  const t0 = Date.now();
  const summaries = await exportRcaevalCases({
    dir,
    cases,
    fromSeed,
    onProgress: (c, i, n) =>
      io.out(`case ${i + 1}/${n}  seed ${c.seed}  ${String(c.services).padStart(2)} svc  ${c.kind.padEnd(8)} ${c.target.padEnd(24)} ${c.rows} rows × ${c.columns} cols  ${c.seconds.toFixed(1)} s  ${c.case}${c.rootHasColumns ? '' : '  (root has no columns)'}`),
  });
  const byKind: Record<string, number> = {};
  for (const c of summaries) byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
  const seconds = Math.round((Date.now() - t0) / 100) / 10;
  io.out(`RESULT ${JSON.stringify({ dir, cases: summaries.length, fromSeed, byKind, rootWithoutColumns: summaries.filter((c) => !c.rootHasColumns).length, seconds })}`);
  return 0;
}
