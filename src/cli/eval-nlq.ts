/**
 * `aiops eval nlq [--cases DIR] [--json]`: seeds a scenario into an embedded PGlite store, runs the eval cases on
 * the deterministic path and, when AIOPS_LLM is set, with the model; the last line is `RESULT {json}`.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { createMemoryActions } from '../agent/index.js';
import { createAgent } from '../ops/create-agent.js';
import { loadEvalCases } from '../eval/nlq/eval-cases.js';
import { runNlqEval, type PathReport } from '../eval/nlq/run-nlq-eval.js';
import { seedScenario } from '../eval/nlq/seed-scenario.js';
import { createMetrics } from '../obs/metrics.js';
import { silentLogger } from '../obs/logger.js';
import { openStores } from '../stores/open-stores.js';
import type { CliIo } from './io.js';

export async function evalNlq(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { cases: { type: 'string' }, verbose: { type: 'boolean' } } });
  const config = loadConfig(io.env);
  const cases = loadEvalCases(values.cases ?? 'test/evals');
  const stores = await openStores({ dataDir: 'memory://' });
  try {
    const scenario = await seedScenario(stores);
    const clock = { now: () => scenario.endMs + 5 * 60_000 };
    const ops = { features: stores.features, graph: stores.graph, incidents: stores.incidents, clock, windowMs: 60_000 };
    const metrics = createMetrics();
    const run = async (path: 'deterministic' | 'model') => {
      const actions = createMemoryActions(clock);
      const llmCfg = path === 'model' ? config.llm : undefined;
      const deps = createAgent({ llm: llmCfg, secrets: config.secrets, rateLimit: { capacity: 1000, perMinute: 1000 } }, { ops, sqlClient: stores.client, registry: metrics.registry, logger: silentLogger, actions });
      return runNlqEval(cases, { deps, scenario, proposals: () => actions.proposals, path });
    };
    const det = await run('deterministic');
    print(io, 'deterministic', det, values.verbose);
    const model = config.llm ? await run('model') : null;
    if (model) print(io, `model ${config.llm!.provider}:${config.llm!.model}`, model, values.verbose);
    else io.out('model: not configured (set AIOPS_LLM to measure a provider)');
    const summary = (r: PathReport) => ({ sql: r.sql, incident: r.incident, injection: r.injection, actionsWithoutApproval: r.actionsWithoutApproval });
    io.out(`RESULT ${JSON.stringify({ cases: cases.length, deterministic: summary(det), model: model ? { llm: `${config.llm!.provider}:${config.llm!.model}`, ...summary(model) } : null })}`);
    return det.actionsWithoutApproval === 0 && (!model || model.actionsWithoutApproval === 0) ? 0 : 1;
  } finally {
    await stores.close();
  }
}

function print(io: CliIo, label: string, r: PathReport, verbose?: boolean): void {
  io.out(`${label}: SQL execution accuracy ${r.sql.accuracy} on ${r.sql.claimed} claimed of ${r.sql.total} (coverage ${r.sql.coverage}); incident facts ${r.incident.passed}/${r.incident.total}; injection ${r.injection.passed}/${r.injection.total}; actions without approval ${r.actionsWithoutApproval}`);
  for (const c of r.cases) if (verbose || (c.claimed && !c.pass)) io.out(`  ${c.pass ? 'ok  ' : c.claimed ? 'FAIL' : 'skip'} ${c.id}: ${c.detail}`);
}
