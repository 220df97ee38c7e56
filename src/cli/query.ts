import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runQuery } from '../ops/query.js';
import { svgToPng } from '../stores/render/render-image.js';
import { agentFor } from './agent-for.js';
import { EXIT, UsageError, type Command } from './io.js';
import { withApp } from './with-app.js';

/**
 * `aiops query "<nl>" | --sql "<select>" | --promql "<expr>" [--json] [--chart FILE]`: prints the query that ran
 * and the result; `--chart` writes a PNG line chart of a PromQL range result to FILE.
 */
export const query: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { sql: { type: 'string' }, promql: { type: 'string' }, json: { type: 'boolean' }, chart: { type: 'string' } } });
  const nl = positionals.join(' ').trim();
  const given = [nl ? 'nl' : '', values.sql ? 'sql' : '', values.promql ? 'promql' : ''].filter(Boolean);
  if (given.length !== 1) throw new UsageError('usage: aiops query "<question>" | --sql "<select>" | --promql "<expr>" [--json] [--chart FILE] (exactly one)');
  const kind = given[0] as 'nl' | 'sql' | 'promql';
  const text = kind === 'nl' ? nl : kind === 'sql' ? values.sql! : values.promql!;
  const r = await withApp(io, (app) => runQuery(agentFor(app), { kind, text, user: 'cli' }));
  if (values.json) io.out(JSON.stringify(r));
  else io.out(`${r.query ? `${kind === 'promql' || r.query.startsWith('histogram') ? 'PromQL' : 'SQL'}:\n${r.query}\n\n` : ''}${r.text}`);
  if (values.chart) {
    if (!r.chart) io.err(`no chart written: only a PromQL range result with more than one point per series has one`);
    else {
      await writeFile(values.chart, svgToPng(r.chart.svg));
      io.err(`chart written to ${values.chart}`);
    }
  }
  return r.ok ? EXIT.OK : EXIT.FAILURE;
};
