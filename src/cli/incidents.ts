import { parseArgs } from 'node:util';
import { listIncidents } from '../ops/incidents.js';
import { renderIncidentLine } from './render.js';
import { UsageError, parseIsoArg, type Command } from './io.js';
import { withApp } from './with-app.js';

export const incidents: Command = async (argv, io) => {
  const { values } = parseArgs({ args: argv, options: { since: { type: 'string' }, status: { type: 'string' }, json: { type: 'boolean' } } });
  if (values.status && values.status !== 'open' && values.status !== 'resolved') throw new UsageError('--status must be open or resolved');
  const since = parseIsoArg('since', values.since);
  const list = await withApp(io, (app) => listIncidents(app.ops, { since, status: values.status as 'open' | 'resolved' | undefined }));
  if (values.json) io.out(JSON.stringify({ incidents: list }));
  else io.out(list.length ? list.map(renderIncidentLine).join('\n') : 'no incidents');
  return 0;
};
