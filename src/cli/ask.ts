import { parseArgs } from 'node:util';
import { ask as askOp } from '../ops/ask.js';
import { agentFor } from './agent-for.js';
import { UsageError, type Command } from './io.js';
import { withApp } from './with-app.js';
import { openActionsDeps } from './actions-deps.js';

/** `aiops ask "<question>" [--json]`: one agent answer (model when AIOPS_LLM is set, deterministic otherwise). */
export const ask: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, user: { type: 'string' } } });
  const question = positionals.join(' ').trim();
  if (!question) throw new UsageError('usage: aiops ask "<question>" [--json]');
  const answer = await withApp(io, async (app) => {
    // Proposals the agent makes go through the same approval path as the API (never executed without a person).
    const acts = await openActionsDeps(app);
    try {
      return await askOp(agentFor(app, acts.deps), { question, user: values.user ?? 'cli', thread: [] });
    } finally {
      await acts.close();
    }
  });
  if (values.json) io.out(JSON.stringify(answer));
  else io.out([answer.text, '', ...answer.citations.map((c) => `  ↳ ${c}`)].join('\n').trimEnd());
  return 0;
};
