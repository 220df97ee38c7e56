/**
 * The deterministic router's reading of a question: every slash-command intent plus the common questions
 * ("what is wrong with X", "why is X slow", "error rate of X last hour", "what changed"). Pure.
 */
import { asksForRemediation } from '../safety.js';
import { matchSqlTemplate, type SqlTemplateMatch } from '../nl-sql/templates.js';
import { serviceIn, unknownServiceIn, windowMinutes } from '../nl-sql/phrases.js';
import type { ActionType } from '../../core/index.js';

export type Intent =
  | { kind: 'sql'; sql: string }
  | { kind: 'promql'; expr: string }
  | { kind: 'action_status'; id: string }
  | { kind: 'incident'; id: string }
  | { kind: 'propose'; service: string; type: ActionType }
  | { kind: 'thread' }
  | { kind: 'runbook'; query: string }
  | { kind: 'changes'; minutes: number }
  | { kind: 'diagnose'; service: string; minutes: number }
  | { kind: 'graph'; service?: string }
  | { kind: 'detect'; service?: string; minutes: number }
  | { kind: 'incidents'; status?: 'open' | 'resolved'; service?: string }
  | { kind: 'services' }
  | { kind: 'template'; match: SqlTemplateMatch }
  | { kind: 'unknown_service'; name: string }
  | { kind: 'help' };

const ACTION_WORDS: [RegExp, ActionType][] = [
  [/\broll ?back|revert/i, 'ROLLBACK'], [/\brestart|reboot|bounce/i, 'RESTART'], [/\bscale/i, 'AUTO_SCALE'],
  [/\brate[- ]?limit|throttle/i, 'RATE_LIMIT'], [/\bcircuit/i, 'CIRCUIT_BREAK'],
];

export function parseIntent(raw: string, known: readonly string[]): Intent {
  const q = raw.trim().replace(/^\/aiops\s+/i, '');
  const lower = q.toLowerCase();
  const svc = serviceIn(q, known) ?? undefined;
  const minutes = windowMinutes(q, 30);
  const sqlCmd = q.match(/^sql[:\s]+([\s\S]+)$/i);
  if (sqlCmd) return { kind: 'sql', sql: sqlCmd[1]!.trim() };
  if (/^(select|with)\b[\s\S]*\bfrom\b/i.test(q)) return { kind: 'sql', sql: q };
  const prom = q.match(/^promql[:\s]+([\s\S]+)$/i);
  if (prom) return { kind: 'promql', expr: prom[1]!.trim() };
  const act = q.match(/\bact-[\w-]+/);
  if (act) return { kind: 'action_status', id: act[0] };
  const inc = q.match(/\binc-[\w-]+/);
  if (inc && !asksForRemediation(q)) return { kind: 'incident', id: inc[0] };
  if (asksForRemediation(q)) {
    const type = ACTION_WORDS.find(([re]) => re.test(q))?.[1] ?? 'MANUAL';
    if (svc) return { kind: 'propose', service: svc, type };
  }
  if (/\bsummar(y|ize|ise)\b.*\bthread\b|\bthread\b.*\bsummar|\bcatch me up\b|\btl;?dr\b/i.test(q)) return { kind: 'thread' };
  if (/\brunbooks?\b|\bplaybook\b|\bhow (do|can|should) (i|we) (fix|handle|mitigate|deal with)\b/i.test(q)) return { kind: 'runbook', query: q };
  if (/\bwhat('s| has| is)? changed\b|\brecent changes\b|\bwhat is different\b|\banything (new|unusual)\b/i.test(q)) return { kind: 'changes', minutes };
  const diagnose = /\bwhat('s| is)? (wrong|happening|going on) with\b|\bwhy (is|are)\b.*\b(slow|failing|erroring|down|broken|degraded|timing out)\b|\broot ?cause\b|^rca\b|\binvestigate\b|\bdiagnose\b|\bhow is\b.*\bdoing\b|\bhealth of\b/i.test(q);
  const template = matchSqlTemplate(q, known);
  if (diagnose && !template?.shape.startsWith('root_cause')) {
    if (svc) return { kind: 'diagnose', service: svc, minutes };
    const named = unknownServiceIn(q, known);
    if (named) return { kind: 'unknown_service', name: named };
  }
  if (/\b(depend(s|encies)?|downstream|upstream|graph|topology)\b/i.test(q) && !template) return { kind: 'graph', service: svc };
  if (/\banomal(y|ies)\b|\bdetector\b|\bdetect\b/i.test(q)) return { kind: 'detect', service: svc, minutes };
  if (template) return { kind: 'template', match: template };
  if (/^incidents?\b|\bincidents\b/i.test(lower)) {
    const status = /\b(open|ongoing|active)\b/i.test(q) ? 'open' : /\bresolved|closed\b/i.test(q) ? 'resolved' : undefined;
    return { kind: 'incidents', status, service: svc };
  }
  if (/^services\b|\blist services\b/i.test(lower)) return { kind: 'services' };
  if (svc && /\b(status|health|doing|ok|okay|fine)\b/i.test(q)) return { kind: 'diagnose', service: svc, minutes };
  const named = unknownServiceIn(q, known);
  if (named && /\b(slow|wrong|errors?|latency|error rate|p99|failing|down)\b/i.test(q)) return { kind: 'unknown_service', name: named };
  return { kind: 'help' };
}
