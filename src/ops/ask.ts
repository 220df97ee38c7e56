/**
 * `ask`: one question → one grounded answer. With a model: the bounded tool-calling loop; without one (or
 * when the provider fails): the deterministic router over the same tools. Shared by `aiops ask`, `aiops chat`
 * and Slack mentions.
 */
import type { AgentDeps } from '../agent/deps.js';
import { withThread } from '../agent/index.js';
import { groundAnswer } from '../agent/grounding.js';
import { runLoop } from '../agent/loop.js';
import { runRouter } from '../agent/router/run-router.js';
import { redact, untrusted } from '../agent/safety.js';
import { throttle } from '../agent/throttle.js';
import type { ToolRun } from '../agent/tool-runner.js';

export interface AskRequest {
  question: string;
  user: string;
  thread: { user: string; text: string }[];
  onProgress?: (partial: string) => void;
}

export interface AskAnswer {
  text: string;
  /** One line per tool result the answer rests on: what ran, with its window, query or ids. */
  citations: string[];
  toolCalls: { name: string; status: string }[];
}

export async function ask(deps: AgentDeps, q: AskRequest): Promise<AskAnswer> {
  const path = deps.llm ? 'llm' : 'deterministic';
  const allowed = deps.rateLimiter.take(q.user);
  if (!allowed.ok) {
    deps.metrics.requests.inc({ path, outcome: 'rate_limited' });
    return { text: `You have asked a lot of questions in a short time; try again in ${Math.ceil(allowed.retryAfterMs / 1000)} s.`, citations: [], toolCalls: [] };
  }
  const question = redact(q.question);
  const thread = q.thread.map((m) => ({ user: m.user, text: redact(m.text) }));
  const d = withThread(deps, thread);
  const progress = q.onProgress ? throttle(q.onProgress, deps.progressEveryMs) : undefined;
  let text: string;
  let runs: ToolRun[];
  let outcome = 'answered';
  try {
    if (d.llm) ({ text, runs, outcome } = await viaModel(d, question, thread, progress?.push));
    else ({ text, runs } = await runRouter(d, question));
  } catch (e) {
    // A provider outage must not leave the person without an answer: fall back to the deterministic path.
    d.logger.warn('model path failed; answering deterministically', { error: redact((e as Error).message) });
    ({ text, runs } = await runRouter(d, question));
    text = `(The language model is unavailable: ${redact((e as Error).message).slice(0, 200)}. Deterministic answer:)\n${text}`;
    outcome = 'failed';
  }
  progress?.flush();
  const grounded = await groundAnswer(text, d.ctx, d.prom);
  deps.metrics.requests.inc({ path, outcome });
  return { text: grounded.text, citations: citations(runs), toolCalls: runs.map((r) => ({ name: r.name, status: r.result.status })) };
}

async function viaModel(d: AgentDeps, question: string, thread: { user: string; text: string }[], onProgress?: (p: string) => void): Promise<{ text: string; runs: ToolRun[]; outcome: string }> {
  const services = await d.ctx.features.listServices();
  const latest = services.length ? new Date(Math.max(...services.map((s) => s.lastSeen))).toISOString() : 'no data yet';
  const system = d.prompts.render('system', { now: new Date(d.ctx.clock.now()).toISOString(), latestData: latest, services: services.map((s) => s.name).join(', ') || 'none yet' });
  const context = thread.length ? `${untrusted('slack-thread', thread.map((m) => `<${m.user}>: ${m.text}`).join('\n'))}\n\n` : '';
  const r = await runLoop({ llm: d.llm!, system, messages: [{ role: 'user', content: `${context}${question}` }], env: { tools: d.tools, ctx: d.ctx, userMessage: question, metrics: d.metrics, logger: d.logger }, limits: d.limits, metrics: d.metrics, onProgress });
  if (!r.stoppedBy) return { text: r.text, runs: r.runs, outcome: 'answered' };
  const done = r.runs.map((x) => `• ${x.summary}: ${x.result.status}${x.result.error ? ` (${x.result.error.slice(0, 120)})` : ''}`);
  return { text: `I stopped before finishing (limit on ${r.stoppedBy}). What I checked:\n${done.join('\n') || '• nothing yet'}`, runs: r.runs, outcome: 'limit' };
}

function citations(runs: ToolRun[]): string[] {
  return runs.filter((r) => r.result.status === 'ok' || r.result.status === 'no_data' || r.result.status === 'approval_required').map((r) => {
    const ids = JSON.stringify(r.result.data ?? '').match(/\b(inc|act)-[\w-]+/g) ?? [];
    const uniq = [...new Set(ids)].slice(0, 3);
    return `${r.summary} → ${r.result.status}${r.result.query ? ` [${r.result.query.replace(/\s+/g, ' ').slice(0, 300)}]` : ''}${uniq.length ? ` (${uniq.join(', ')})` : ''}`;
  });
}
