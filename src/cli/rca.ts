import { parseArgs } from 'node:util';
import { parseDuration } from '../config/duration.js';
import { runRca } from '../ops/rca.js';
import { renderRootCauses } from './render.js';
import { UsageError, parseIsoArg, type Command } from './io.js';
import { withApp } from './with-app.js';

export const rca: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { at: { type: 'string' }, window: { type: 'string' }, json: { type: 'boolean' } } });
  const service = positionals[0];
  if (!service) throw new UsageError('usage: aiops rca <service> [--at ISO] [--window 30m] [--json]');
  const windowMs = values.window === undefined ? undefined : parseDuration(values.window);
  if (windowMs === null) throw new UsageError(`--window must be a duration like 30m (got "${values.window}")`);
  const at = parseIsoArg('at', values.at);
  const r = await withApp(io, (app) => runRca(app.ops, { service, at, windowMs }));
  if (!r.ok) {
    io.err(`aiops rca: ${r.error.message}`);
    return 1;
  }
  if (values.json) io.out(JSON.stringify(r.value));
  else io.out(`root causes for ${service} (${r.value.scope.from} – ${r.value.scope.to}, ${r.value.scope.anomalies} anomalous windows):\n${renderRootCauses(r.value.rootCauses, r.value.reason)}`);
  return 0;
};
