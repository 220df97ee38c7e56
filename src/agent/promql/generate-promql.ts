/**
 * Text-to-PromQL: a metric named verbatim gets a deterministic expression (rate for counters, p99 for
 * histograms, the value otherwise); other questions go to the model with the server's metadata (names, types,
 * help, labels). Every expression is parsed first; a parse or server error is sent back at most twice.
 */
import type { PromOutcome, PromRange } from '../../core/index.js';
import type { AgentDeps } from '../deps.js';
import { extractCode, MAX_REPAIRS } from '../nl-sql/generate-sql.js';
import type { PromMetadata } from '../../core/index.js';
import { redact } from '../safety.js';

export interface GeneratedPromql {
  expr: string;
  outcome: PromOutcome | null;
  attempts: number;
  source: 'template' | 'model' | 'none';
  error?: string;
}

export function promqlTemplate(question: string, meta: PromMetadata): string | null {
  const names = meta.metrics.map((m) => m.name).sort((a, b) => b.length - a.length);
  const base = names.find((n) => question.includes(n.replace(/_(bucket|count|sum)$/, '')));
  if (!base) return null;
  const family = base.replace(/_(bucket|count|sum)$/, '');
  const m = meta.metrics.find((x) => x.name === family) ?? meta.metrics.find((x) => x.name === base)!;
  if (m.type === 'histogram' || names.includes(`${family}_bucket`)) return `histogram_quantile(0.99, sum by (le) (rate(${family}_bucket[5m])))`;
  if (m.type === 'counter' || /_total$/.test(m.name)) return /\bby\s+(\w+)/.test(question) ? `sum by (${question.match(/\bby\s+(\w+)/)![1]}) (rate(${m.name}[5m]))` : `sum(rate(${m.name}[5m]))`;
  return m.name;
}

export async function generatePromql(d: AgentDeps, question: string, range: PromRange): Promise<GeneratedPromql> {
  const meta = await d.prom.metadata().catch(() => ({ metrics: [], labels: [] }));
  const tpl = promqlTemplate(question, meta);
  if (tpl) return { expr: tpl, outcome: await d.prom.query(tpl, range), attempts: 1, source: 'template' };
  if (!d.llm) return { expr: '', outcome: null, attempts: 0, source: 'none', error: 'no PromQL template matched and no model is configured' };
  const schema = meta.metrics.slice(0, 200).map((m) => `${m.name} (${m.type}): ${m.help}`).join('\n') + `\nlabels: ${meta.labels.join(', ')}`;
  let previousError = '';
  let expr = '';
  // Like every model-bound text: a token pasted into the question never leaves the process.
  const safeQuestion = redact(question);
  for (let attempt = 1; attempt <= MAX_REPAIRS + 1; attempt++) {
    const r = await d.llm.chat({ system: 'You write PromQL. Answer with the expression only.', messages: [{ role: 'user', content: d.prompts.render('text-to-promql', { schema, question: safeQuestion, previousError: redact(previousError) }) }], tools: [] });
    expr = extractCode(r.text, 'promql');
    const outcome = await d.prom.query(expr, range);
    if (outcome.ok) return { expr, outcome, attempts: attempt, source: 'model' };
    previousError = `\nYour previous expression \`${expr}\` failed: ${outcome.message}${outcome.position !== undefined ? ` (character ${outcome.position})` : ''}. Fix it.\n`;
  }
  return { expr, outcome: null, attempts: MAX_REPAIRS + 1, source: 'model', error: previousError.trim() };
}
