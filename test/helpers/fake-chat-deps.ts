/**
 * Fakes for the capabilities other issues build (agent, guarded queries, remediation actions). They implement
 * the dependency types and record their calls; FakeActions keeps the compare-and-set semantics the real store
 * promises, so a repeated decision changes nothing.
 */
import type { Action } from '../../src/core/index.js';
import type { AskFn, ChatActions, DecideRequest, QueryFn } from '../../src/ops/chat-deps.js';
import type { OpsResult } from '../../src/ops/context.js';

export class FakeAsk {
  calls: Parameters<AskFn>[0][] = [];
  constructor(private readonly script: (q: Parameters<AskFn>[0]) => { text: string; citations?: string[]; partials?: string[] } = (q) => ({ text: `answer to: ${q.question}` })) {}
  readonly fn: AskFn = async (q) => {
    this.calls.push(q);
    const r = this.script(q);
    for (const p of r.partials ?? []) q.onProgress?.(p);
    return { text: r.text, citations: r.citations };
  };
}

export class FakeQuery {
  calls: Parameters<QueryFn>[0][] = [];
  readonly fn: QueryFn = async (q) => {
    this.calls.push(q);
    return { ok: true, query: q.kind === 'nl' ? `SELECT 1 /* ${q.text} */` : q.text, text: 'one row' };
  };
}

export function actionFixture(o: Partial<Action> = {}): Action {
  return {
    id: 'act-1',
    incidentId: 'inc-1',
    type: 'RESTART',
    target: { service: 'checkout', namespace: 'shop', kind: 'Deployment' },
    params: { replicas: 3 },
    riskScore: 0.5,
    requiresApproval: true,
    status: 'proposed',
    dryRun: true,
    audit: [{ at: '2026-01-10T10:05:00.000Z', actor: 'aiops', event: 'proposed', detail: 'rule restart-on-memory' }],
    ...o,
  };
}

export class FakeActions implements ChatActions {
  calls: DecideRequest[] = [];
  /** Decisions that changed a status (the ones a real store would have written). */
  transitions: DecideRequest[] = [];
  private readonly byId = new Map<string, Action>();
  constructor(actions: Action[], private readonly delayMs = 20) {
    for (const a of actions) this.byId.set(a.id, structuredClone(a));
  }
  async decide(req: DecideRequest): Promise<OpsResult<Action>> {
    this.calls.push(req);
    await new Promise((r) => setTimeout(r, this.delayMs));
    const a = this.byId.get(req.actionId);
    if (!a) return { ok: false, error: { code: 'NOT_FOUND', message: `no action "${req.actionId}"` } };
    if (a.status !== 'proposed') return { ok: true, value: structuredClone(a) };
    const approvals = a.audit.filter((e) => e.event === 'approval').map((e) => e.actor);
    if (req.decision === 'approve' && approvals.includes(req.user)) return { ok: false, error: { code: 'FORBIDDEN', message: `${req.user} already approved` } };
    if (req.decision === 'approve' && (a.requiredApprovers ?? 1) > approvals.length + 1) {
      a.audit.push({ at: new Date().toISOString(), actor: req.user, event: 'approval', detail: `${approvals.length + 1}/${a.requiredApprovers} via ${req.via}` });
      this.transitions.push(req);
      return { ok: true, value: structuredClone(a) };
    }
    a.status = req.decision === 'approve' ? 'approved' : 'rejected';
    a.decidedBy = req.decision === 'approve' ? [...approvals, req.user].join(',') : req.user;
    a.audit.push({ at: new Date().toISOString(), actor: req.user, event: a.status, detail: req.reason ?? `via ${req.via}` });
    this.transitions.push(req);
    return { ok: true, value: structuredClone(a) };
  }
  async list(q: { status?: Action['status'] }): Promise<Action[]> {
    return [...this.byId.values()].filter((a) => !q.status || a.status === q.status).map((a) => structuredClone(a));
  }
  async get(id: string): Promise<OpsResult<Action>> {
    const a = this.byId.get(id);
    return a ? { ok: true, value: structuredClone(a) } : { ok: false, error: { code: 'NOT_FOUND', message: `no action "${id}"` } };
  }
}
