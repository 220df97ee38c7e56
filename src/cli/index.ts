/** `aiops <command>`: dispatch, usage and exit codes (0 ok, 1 runtime failure, 2 usage or configuration). */
import { isAiopsError } from '../core/errors.js';
import { EXIT, UsageError, type CliIo, type Command } from './io.js';

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  serve: { summary: 'run the OTLP receiver, pipeline and HTTP API', load: async () => (await import('./serve.js')).serve },
  demo: { summary: 'embedded end-to-end run with an injected fault [--seed N] [--fault K] [--json]', load: async () => (await import('./demo.js')).demo },
  simulate: { summary: 'send synthetic OTLP to an endpoint --endpoint URL [--minutes N] [--fault K] [--seed N] [--rate RPM] | export RCAEval cases --rcaeval DIR [--cases N] [--from-seed S]', load: async () => (await import('./simulate.js')).simulate },
  incidents: { summary: 'list incidents [--since ISO] [--status open|resolved] [--json]', load: async () => (await import('./incidents.js')).incidents },
  rca: { summary: 'ranked root causes: rca <service> [--at ISO] [--window 30m] [--json]', load: async () => (await import('./rca.js')).rca },
  actions: { summary: 'remediations [--status S] [--incident ID] [--json]', load: async () => (await import('./actions.js')).actions },
  approve: { summary: 'approve a remediation: approve <actionId> --as <userId> [--json]', load: async () => (await import('./actions.js')).approve },
  reject: { summary: 'reject a remediation: reject <actionId> --as <userId> [--reason T] [--json]', load: async () => (await import('./actions.js')).reject },
  chat: { summary: 'interactive terminal chat over the same handlers as Slack [--as USER]', load: async () => (await import('./chat.js')).chat },
  eval: { summary: 'benchmarks: eval detect [--seeds N] | eval remediation [--seed N] [--fault K] | eval nlq (last line RESULT {json})', load: async () => (await import('./eval.js')).evalCommand },
  ask: { summary: 'one agent answer: ask "<question>" [--json] (LLM when AIOPS_LLM is set, deterministic otherwise)', load: async () => (await import('./ask.js')).ask },
  query: { summary: 'guarded query: query "<question>" | --sql "<select>" | --promql "<expr>" [--json]', load: async () => (await import('./query.js')).query },
  mcp: { summary: 'the agent\'s tools as an MCP server over stdio', load: async () => (await import('./mcp.js')).mcp },
  models: { summary: 'detector model registry: models list | train --kind K | compare <id> | promote <id> | rollback --kind K | drift --kind K [--retrain]', load: async () => (await import('./models.js')).models },
  migrate: { summary: 'apply database migrations', load: async () => (await import('./migrate.js')).migrate },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return ['usage: aiops <command> [options]', '', ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return name ? EXIT.OK : EXIT.USAGE;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.err(`aiops: unknown command "${name}"\n\n${usage()}`);
    return EXIT.USAGE;
  }
  try {
    return await (await entry.load())(rest, io);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith?.('ERR_PARSE_ARGS')) {
      io.err(`aiops ${name}: ${(e as Error).message}`);
      return EXIT.USAGE;
    }
    if (isAiopsError(e) && e.code === 'CONFIG.INVALID') {
      io.err(`aiops: ${e.message}`);
      return EXIT.USAGE;
    }
    io.err(`aiops ${name}: ${isAiopsError(e) ? `${e.code}: ` : ''}${(e as Error).message ?? String(e)}`);
    return EXIT.FAILURE;
  }
}
