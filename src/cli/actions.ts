/** `aiops actions`, `aiops approve`, `aiops reject`: the same decision path as the Slack buttons. */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { Action, ActionStatus } from '../core/index.js';
import { decideAction, listActions } from '../ops/actions.js';
import { openActionsDeps } from './actions-deps.js';
import { EXIT, UsageError, type CliIo, type Command } from './io.js';
import { withApp } from './with-app.js';

const STATUSES = ['proposed', 'approved', 'rejected', 'expired', 'running', 'succeeded', 'failed', 'compensated'];

export function renderActionLine(a: Action): string {
  const by = a.decidedBy ? ` by ${a.decidedBy}` : '';
  return `${a.id}  ${a.status.padEnd(11)} ${a.type.padEnd(13)} ${a.target.namespace ?? 'default'}/${a.target.service}  risk ${a.riskScore.toFixed(2)}${a.requiresApproval ? ` (needs ${a.requiredApprovers ?? 1} approver${(a.requiredApprovers ?? 1) > 1 ? 's' : ''})` : ''}${by}  incident ${a.incidentId}`;
}

export const actions: Command = async (argv, io) => {
  const { values } = parseArgs({ args: argv, options: { status: { type: 'string' }, incident: { type: 'string' }, json: { type: 'boolean' } } });
  if (values.status && !STATUSES.includes(values.status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
  const list = await withApp(io, async (app) => {
    const { deps, close } = await openActionsDeps(app);
    try {
      return await listActions(deps, { status: values.status as ActionStatus | undefined, incidentId: values.incident });
    } finally {
      await close();
    }
  });
  io.out(values.json ? JSON.stringify({ actions: list }) : list.length ? list.map(renderActionLine).join('\n') : 'no actions');
  return EXIT.OK;
};

/** `--as` is the operator's word; the audit keeps who was logged in beside it. */
function osUser(): string {
  try {
    return `os:${userInfo().username}`;
  } catch {
    return `os:uid ${process.getuid?.() ?? 'unknown'}`;
  }
}

function decide(decision: 'approve' | 'reject'): Command {
  return async (argv, io: CliIo) => {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { as: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean' } } });
    const id = positionals[0];
    if (!id || positionals.length > 1) throw new UsageError(`usage: aiops ${decision} <actionId> --as <userId>${decision === 'reject' ? ' [--reason T]' : ''}`);
    if (!values.as) throw new UsageError('--as <userId> is required (the approver, as listed in SLACK_APPROVERS)');
    const r = await withApp(io, async (app) => {
      const { deps, close } = await openActionsDeps(app);
      try {
        return await decideAction(deps, { actionId: id, decision, user: values.as!, reason: values.reason, via: 'cli', operator: osUser() });
      } finally {
        await close();
      }
    });
    if (!r.ok) {
      io.err(`aiops ${decision}: ${r.error.code}: ${r.error.message}`);
      if (r.error.current) io.out(values.json ? JSON.stringify(r.error.current) : renderActionLine(r.error.current));
      return EXIT.FAILURE;
    }
    io.out(values.json ? JSON.stringify(r.value) : renderActionLine(r.value));
    return EXIT.OK;
  };
}

export const approve = decide('approve');
export const reject = decide('reject');
