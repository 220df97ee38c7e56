/** Parses the text after `/aiops` (or a line typed into `aiops chat`) into a subcommand. Pure. */
import type { ActionStatus } from '../core/index.js';

export type ChatCommand =
  | { name: 'help' }
  | { name: 'status' }
  | { name: 'incidents' }
  | { name: 'incident'; id: string }
  | { name: 'rca'; service: string; windowMs?: number }
  | { name: 'graph'; service: string }
  | { name: 'query' | 'promql' | 'sql'; text: string }
  | { name: 'ask'; question: string }
  | { name: 'actions'; status?: ActionStatus }
  | { name: 'summary'; incidentId?: string }
  | { name: 'postmortem'; incidentId?: string };

export type ParseResult = { ok: true; command: ChatCommand } | { ok: false; error: string };

/** One line per subcommand: the help text of Slack and of `aiops chat`. */
export const SUBCOMMANDS: readonly { usage: string; summary: string }[] = [
  { usage: 'help', summary: 'this help' },
  { usage: 'status', summary: 'services seen, open incidents, pending actions' },
  { usage: 'incidents', summary: 'recent incidents, newest first' },
  { usage: 'incident ID', summary: 'one incident with root causes and timeline' },
  { usage: 'rca SERVICE [window]', summary: 'ranked root causes for a service (window like 30m, default 30m)' },
  { usage: 'graph SERVICE', summary: 'callers and callees of a service' },
  { usage: 'query TEXT', summary: 'natural-language question turned into a guarded query' },
  { usage: 'promql EXPR', summary: 'guarded PromQL' },
  { usage: 'sql SELECT …', summary: 'guarded read-only SQL' },
  { usage: 'ask QUESTION', summary: 'ask the agent' },
  { usage: 'actions [status]', summary: 'remediation actions (default: proposed)' },
  { usage: 'summary [INCIDENT]', summary: 'summary of an incident thread: timeline, findings, decisions, state' },
  { usage: 'postmortem [INCIDENT]', summary: 'Markdown postmortem draft from the incident and its thread' },
];

const STATUSES: readonly ActionStatus[] = ['proposed', 'approved', 'rejected', 'expired', 'running', 'succeeded', 'failed', 'compensated'];
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const SERVICE = /^[A-Za-z0-9][\w.:/-]{0,199}$/;

export function parseChatCommand(input: string): ParseResult {
  const text = input.trim().replace(/^\/aiops\s*/, '');
  const [head = '', ...rest] = text.split(/\s+/);
  const name = head.toLowerCase();
  const tail = text.slice(head.length).trim();
  switch (name) {
    case '':
      return ok({ name: 'help' });
    case 'help':
      return rest.length ? fail('"help" takes no arguments') : ok({ name: 'help' });
    case 'status':
    case 'incidents':
      return rest.length ? fail(`"${name}" takes no arguments`) : ok({ name });
    case 'incident':
      return rest.length === 1 ? ok({ name, id: rest[0]! }) : fail('usage: incident ID');
    case 'rca':
      return parseRca(rest);
    case 'graph':
      return rest.length === 1 && SERVICE.test(rest[0]!) ? ok({ name, service: rest[0]! }) : fail('usage: graph SERVICE');
    case 'query':
    case 'promql':
    case 'sql':
      return tail ? ok({ name, text: tail }) : fail(`usage: ${name} ${name === 'sql' ? 'SELECT …' : name === 'promql' ? 'EXPR' : 'TEXT'}`);
    case 'ask':
      return tail ? ok({ name, question: tail }) : fail('usage: ask QUESTION');
    case 'actions':
      if (rest.length === 0) return ok({ name, status: 'proposed' });
      return rest.length === 1 && (STATUSES as string[]).includes(rest[0]!) ? ok({ name, status: rest[0] as ActionStatus }) : fail(`usage: actions [${STATUSES.join('|')}]`);
    case 'summary':
    case 'postmortem':
      return rest.length <= 1 ? ok({ name, incidentId: rest[0] }) : fail(`usage: ${name} [INCIDENT]`);
    default:
      return fail(`unknown subcommand "${head}"`);
  }
}

function parseRca(args: string[]): ParseResult {
  const [service, window, ...extra] = args;
  if (!service || extra.length || !SERVICE.test(service)) return fail('usage: rca SERVICE [window]');
  if (window === undefined) return ok({ name: 'rca', service });
  const m = /^(\d{1,5})(s|m|h|d)$/.exec(window);
  if (!m) return fail(`window must look like 30m, 2h or 1d (got "${window}")`);
  const windowMs = Number(m[1]) * UNIT_MS[m[2]!]!;
  if (windowMs < 60_000 || windowMs > 7 * 86_400_000) return fail('window must be between 1m and 7d');
  return ok({ name: 'rca', service, windowMs });
}

const ok = (command: ChatCommand): ParseResult => ({ ok: true, command });
const fail = (error: string): ParseResult => ({ ok: false, error });
