/** The `/aiops help` message, also the ephemeral answer to an unknown or malformed subcommand. */
import { SUBCOMMANDS } from '../../ops/chat-command-parse.js';
import { context, section, type Block } from './limits.js';

export function helpBlocks(note?: string): Block[] {
  const lines = SUBCOMMANDS.map((s) => `• \`/aiops ${s.usage}\` — ${s.summary}`);
  return [
    ...(note ? [section(`:warning: ${note}`)] : []),
    section(`*otlp-aiops commands*\n${lines.join('\n')}`),
    context('Mention @aiops or send a direct message to ask the agent; it reads the thread for context.'),
  ];
}

export function helpText(note?: string): string {
  return `${note ? `${note}\n` : ''}Commands: ${SUBCOMMANDS.map((s) => s.usage).join(' | ')}`;
}
