/**
 * `aiops chat`: an interactive terminal conversation over the same handlers as the Slack app. A line is a
 * subcommand (`incidents`, `/rca checkout 30m`, `/aiops status`) or a free question for the agent, which gets
 * the conversation so far as context, like a Slack thread.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { App } from '../app.js';
import { parseChatCommand, type ChatCommand } from '../ops/chat-command-parse.js';
import { runChatCommand } from '../ops/chat-command-run.js';
import type { ChatDeps, ThreadMessage } from '../ops/chat-deps.js';
import { renderOutcomeText } from './chat-render.js';
import type { Command } from './io.js';
import { withApp } from './with-app.js';
import { agentFor } from './agent-for.js';
import { openActionsDeps } from './actions-deps.js';
import { decideAction, getAction, listActions, type ActionsDeps } from '../ops/actions.js';
import { ask } from '../ops/ask.js';
import { runQuery } from '../ops/query.js';

const EXIT_WORDS = new Set(['exit', 'quit', '/exit', '/quit', '\\q']);

export const chat: Command = async (argv, io) => {
  const { values } = parseArgs({ args: argv, options: { as: { type: 'string' } } });
  const user = values.as ?? io.env.USER ?? 'terminal';
  await withApp(io, async (app) => {
    const interactive = Boolean(process.stdin.isTTY);
    const rl = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive, prompt: 'aiops> ' });
    if (interactive) io.out('otlp-aiops chat — type help for commands, exit to leave.');
    const prompt = () => interactive && rl.prompt();
    prompt();
    const acts = await openActionsDeps(app);
    try {
      await runChat(chatDeps(app, acts.deps), rl, { user, out: (t) => (io.out(t), prompt()) });
    } finally {
      rl.close();
      await acts.close();
    }
  });
  return 0;
};

/** The same agent, guarded queries and action decisions as the Slack app, over this process's stores. */
function chatDeps(app: App, actions: ActionsDeps): ChatDeps {
  if (app.chat) return { ...app.chat, ops: app.ops };
  const agent = agentFor(app, actions);
  return {
    ops: app.ops,
    ask: (q) => ask(agent, q),
    query: (q) => runQuery(agent, q),
    actions: { decide: (r) => decideAction(actions, r), list: (q) => listActions(actions, q), get: (id) => getAction(actions, id) },
  };
}

/** The chat loop over any line source, so tests drive it without a terminal. */
export async function runChat(deps: ChatDeps, lines: AsyncIterable<string>, o: { user: string; out: (text: string) => void }): Promise<void> {
  const history: ThreadMessage[] = [];
  for await (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (EXIT_WORDS.has(line.toLowerCase())) break;
    const text = line.startsWith('/') && !line.startsWith('/aiops') ? line.slice(1) : line;
    const parsed = parseChatCommand(text);
    const explicit = line.startsWith('/');
    const cmd: ChatCommand | null = parsed.ok ? parsed.command : explicit ? null : { name: 'ask', question: line };
    if (!cmd) {
      o.out(`! ${parsed.ok ? 'unknown command' : parsed.error} — type help for the commands`);
      continue;
    }
    try {
      const outcome = await runChatCommand(deps, cmd, { user: o.user, thread: history.slice(-40) });
      const answer = renderOutcomeText(outcome);
      o.out(answer);
      history.push({ user: o.user, text: line }, { user: 'aiops', text: answer.slice(0, 4000) });
    } catch (e) {
      o.out(`! ${cmd.name} failed: ${(e as Error).message ?? String(e)}`);
    }
  }
}
