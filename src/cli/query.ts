import { parseArgs } from 'node:util';
import { runQuery } from '../ops/query.js';
import { agentFor } from './agent-for.js';
import { EXIT, UsageError, type Command } from './io.js';
import { withApp } from './with-app.js';

/** `aiops query "<nl>" | --sql "<select>" | --promql "<expr>" [--json]`: prints the query that ran and the result. */
export const query: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { sql: { type: 'string' }, promql: { type: 'string' }, json: { type: 'boolean' } } });
  const nl = positionals.join(' ').trim();
  const given = [nl ? 'nl' : '', values.sql ? 'sql' : '', values.promql ? 'promql' : ''].filter(Boolean);
  if (given.length !== 1) throw new UsageError('usage: aiops query "<question>" | --sql "<select>" | --promql "<expr>" [--json] (exactly one)');
  const kind = given[0] as 'nl' | 'sql' | 'promql';
  const text = kind === 'nl' ? nl : kind === 'sql' ? values.sql! : values.promql!;
  const r = await withApp(io, (app) => runQuery(agentFor(app), { kind, text, user: 'cli' }));
  if (values.json) io.out(JSON.stringify(r));
  else io.out(`${r.query ? `${kind === 'promql' || r.query.startsWith('histogram') ? 'PromQL' : 'SQL'}:\n${r.query}\n\n` : ''}${r.text}`);
  return r.ok ? EXIT.OK : EXIT.FAILURE;
};
