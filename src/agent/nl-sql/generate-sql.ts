/**
 * Text-to-SQL with a model: the documented views' schema in the prompt, the answer checked by the guard and
 * run read-only; a refusal or an execution error goes back to the model, at most twice.
 */
import { checkSql, loadSqlGuard, DEFAULT_SQL_POLICY } from '../../query/index.js';
import type { SqlToolOutcome } from '../../core/index.js';
import type { AgentDeps } from '../deps.js';
import { renderViewDocs } from '../views-doc.js';
import { redact } from '../safety.js';

export const MAX_REPAIRS = 2;

export interface GeneratedSql {
  sql: string;
  outcome: SqlToolOutcome | null;
  attempts: number;
  error?: string;
}

export async function generateSql(d: AgentDeps, question: string): Promise<GeneratedSql> {
  if (!d.llm) return { sql: '', outcome: null, attempts: 0, error: 'no model configured' };
  await loadSqlGuard();
  const schema = renderViewDocs(await d.views());
  let previousError = '';
  let sql = '';
  for (let attempt = 1; attempt <= MAX_REPAIRS + 1; attempt++) {
    const prompt = d.prompts.render('text-to-sql', { schema, question: redact(question), previousError });
    const r = await d.llm.chat({ system: 'You write PostgreSQL for an observability database. Answer with SQL only.', messages: [{ role: 'user', content: prompt }], tools: [] });
    d.metrics.tokens.inc({ provider: d.llm.provider, model: d.llm.model, kind: 'input' }, r.usage.inputTokens);
    d.metrics.tokens.inc({ provider: d.llm.provider, model: d.llm.model, kind: 'output' }, r.usage.outputTokens);
    sql = extractCode(r.text, 'sql');
    const checked = checkSql(sql, DEFAULT_SQL_POLICY);
    if (!checked.ok) {
      previousError = `\nYour previous attempt was refused (${checked.code}): ${checked.message}\nPrevious SQL:\n${sql}\n`;
      continue;
    }
    const outcome = await d.ctx.sql(sql);
    if (outcome.ok) return { sql: outcome.sql, outcome, attempts: attempt };
    previousError = `\nYour previous attempt failed (${outcome.code}): ${outcome.message}\nPrevious SQL:\n${sql}\n`;
  }
  return { sql, outcome: null, attempts: MAX_REPAIRS + 1, error: previousError.trim() };
}

/** The body of the first fenced block (```sql … ```), or the whole text when there is none. */
export function extractCode(text: string, lang: string): string {
  const m = text.match(new RegExp('```(?:' + lang + ')?\\s*\\n?([\\s\\S]*?)```', 'i'));
  return (m ? m[1]! : text).trim().replace(/;\s*$/, '');
}
