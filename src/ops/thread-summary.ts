/**
 * Deterministic incident-thread summary and postmortem draft, from the incident record, its actions and the
 * thread's messages. Facts come from state (incident, actions); the thread adds who said what, picked by plain
 * keyword rules, never by guessing intent. An LLM may rephrase the result; it is not needed.
 */
import type { Action, Incident } from '../core/index.js';
import type { ThreadMessage } from './chat-deps.js';

export interface ThreadSummary {
  title: string;
  timeline: { at: string; text: string }[];
  findings: string[];
  decisions: string[];
  state: string;
  participants: string[];
  /** LLM rewrite of the above, when one is configured and answered. */
  prose?: string;
}

export interface SummaryInput {
  incident: Incident | null;
  thread: ThreadMessage[];
  actions: Action[];
}

const FINDING = /\b(root cause|caused by|because|found|looks like|culprit|regression|saturat|leak|timeout|error rate)/i;
const DECISION = /\b(approv|reject|roll(ed)? ?back|restart|scal(e|ed|ing)|decid|mitigat|revert|disable|failover)/i;
const MAX_ITEMS = 8;

/** Slack ts ("1700000000.000100") or ISO → ISO; '' when unknown. */
export function messageTime(ts: string | undefined): string {
  if (!ts) return '';
  if (/^\d{9,11}(\.\d+)?$/.test(ts)) return new Date(Math.round(Number(ts) * 1000)).toISOString();
  const ms = Date.parse(ts);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

export function summarizeThread({ incident, thread, actions }: SummaryInput): ThreadSummary {
  const human = thread.filter((m) => m.text.trim() && !m.text.startsWith('/aiops'));
  const timeline: { at: string; text: string }[] = [];
  if (incident) {
    timeline.push({ at: incident.firstAnomalyAt, text: `first anomaly (${incident.anomalies[0]?.service ?? incident.services[0] ?? 'unknown service'})` });
    timeline.push({ at: incident.openedAt, text: `incident opened, severity ${incident.severity}` });
    for (const t of incident.timeline ?? []) timeline.push({ at: t.at, text: `${t.kind}: ${t.text}` });
    for (const a of actions) for (const e of a.audit) timeline.push({ at: e.at, text: `${a.type} ${a.target.service}: ${e.event} by ${e.actor}${e.detail ? ` (${e.detail})` : ''}` });
    if (incident.resolvedAt) timeline.push({ at: incident.resolvedAt, text: 'incident resolved' });
  }
  for (const m of human) if (DECISION.test(m.text) || FINDING.test(m.text)) timeline.push({ at: messageTime(m.ts), text: `${mention(m.user)}: ${clip(m.text, 140)}` });
  timeline.sort((a, b) => (a.at || '~').localeCompare(b.at || '~'));

  const findings = (incident?.rootCauses ?? []).slice(0, 3).map((c) => `${c.service} (${c.indicator}, score ${c.score.toFixed(2)})${c.evidence[0] ? `: ${c.evidence[0]}` : ''}`);
  for (const m of human) if (FINDING.test(m.text)) findings.push(`${mention(m.user)}: ${clip(m.text, 200)}`);

  const decisions = actions.filter((a) => a.decidedBy).map((a) => `${a.type} ${a.target.service} ${a.status} by ${mention(a.decidedBy!)}`);
  for (const m of human) if (DECISION.test(m.text)) decisions.push(`${mention(m.user)}: ${clip(m.text, 200)}`);

  return {
    title: incident ? `Incident ${incident.id} — ${incident.services.join(', ')}` : 'Thread summary',
    timeline: timeline.slice(-MAX_ITEMS * 2),
    findings: unique(findings).slice(0, MAX_ITEMS),
    decisions: unique(decisions).slice(0, MAX_ITEMS),
    state: currentState(incident, actions),
    participants: unique(human.map((m) => m.user)),
  };
}

export function currentState(incident: Incident | null, actions: Action[]): string {
  const open = actions.filter((a) => a.status === 'proposed' || a.status === 'approved' || a.status === 'running');
  const pending = open.length ? `; ${open.map((a) => `${a.type} ${a.target.service} ${a.status}`).join(', ')}` : '';
  if (!incident) return `no incident linked to this thread${pending}`;
  if (incident.resolvedAt) return `resolved at ${incident.resolvedAt} after ${minutes(incident.firstAnomalyAt, incident.resolvedAt)} min${pending}`;
  return `open (severity ${incident.severity}) since ${incident.openedAt}${pending}`;
}

export function buildPostmortem({ incident, thread, actions }: SummaryInput & { incident: Incident }): string {
  const s = summarizeThread({ incident, thread, actions });
  const end = incident.resolvedAt ?? 'ongoing';
  const lines = [
    `# Postmortem: ${incident.services.join(', ')} (${incident.id})`,
    '',
    '_Draft generated from the incident record and its Slack thread. Review every line before publishing._',
    '',
    '## Summary',
    `- Severity: ${incident.severity}`,
    `- Services affected: ${incident.services.join(', ')}`,
    `- First anomaly: ${incident.firstAnomalyAt}; opened: ${incident.openedAt}; resolved: ${end}`,
    incident.resolvedAt ? `- Duration: ${minutes(incident.firstAnomalyAt, incident.resolvedAt)} min` : '- Duration: still open',
    '',
    '## Root cause',
    ...(incident.rootCauses.length
      ? incident.rootCauses.slice(0, 3).flatMap((c, n) => [`${n + 1}. **${c.service}** — ${c.indicator} (score ${c.score.toFixed(2)})`, ...c.evidence.slice(0, 3).map((e) => `   - ${e}`)])
      : ['Not determined.']),
    '',
    '## Timeline (UTC)',
    ...s.timeline.map((t) => `- ${t.at || '?'} — ${t.text}`),
    '',
    '## Actions and decisions',
    ...(s.decisions.length ? s.decisions.map((d) => `- ${d}`) : ['- none recorded']),
    '',
    '## Anomalies observed',
    ...incident.anomalies.slice(0, 10).map((a) => `- ${a.windowStart} ${a.service}${a.operation ? ` ${a.operation}` : ''} ${a.feature}: ${round(a.value)} vs baseline ${round(a.baseline)}`),
    '',
    '## Follow-ups',
    '- [ ] Confirm the root cause and link the fix',
    '- [ ] Add or tune the alert that would have caught this earlier',
    '- [ ] Update the runbook for the affected service',
  ];
  return lines.join('\n');
}

const mention = (actors: string) =>
  actors
    .split(',')
    .map((u) => (/^[UW][A-Z0-9]+$/.test(u.trim()) ? `<@${u.trim()}>` : u.trim()))
    .join(', ');
const clip = (t: string, n: number) => (t.length > n ? `${t.slice(0, n - 1)}…` : t).replace(/\s+/g, ' ');
const unique = <T>(xs: T[]) => [...new Set(xs)];
const round = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3).replace(/\.?0+$/, ''));
function minutes(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));
}
