/**
 * The incident thread: one parent message (edited in place as the incident evolves) and the detail replies.
 * The parent carries what an on-call person needs at a glance: severity, services, first anomaly, the top
 * root causes with evidence and the proposed action with its risk.
 */
import type { Action, Incident } from '../../core/index.js';
import { actionSummary, riskLabel } from './action.js';
import { incidentDetailBlocks, rootCauseLines, severityIcon } from './incident.js';
import { context, esc, section, when, type Block } from './limits.js';

export function incidentParentText(i: Incident): string {
  return `${i.status === 'resolved' ? 'Resolved' : i.severity.toUpperCase()} incident ${i.id}: ${i.services.join(', ')}`;
}

export function incidentParentBlocks(i: Incident, action?: Action): Block[] {
  if (i.mergedInto) return [section(`:link: Incident \`${i.id}\` was merged into \`${esc(i.mergedInto)}\`; follow that thread.`, 'summary')];
  const status = i.status === 'resolved' ? `:white_check_mark: *Resolved* ${when(i.resolvedAt)}` : `${severityIcon(i.severity)} *${i.severity.toUpperCase()}* incident`;
  const blocks: Block[] = [
    section(`${status} \`${i.id}\`\n*Services:* ${i.services.slice(0, 20).map(esc).join(', ')}${i.services.length > 20 ? ` (+${i.services.length - 20})` : ''}\n*First anomaly:* ${when(i.firstAnomalyAt)}`, 'summary'),
    section(`*Top root causes*\n${rootCauseLines(i.rootCauses, 3, 2)}`, 'causes'),
  ];
  if (action) blocks.push(section(`*Proposed action:* ${actionSummary(action)} — ${riskLabel(action)} · _${action.status}_`, 'action'));
  blocks.push(context(`Details in the thread · \`/aiops incident ${i.id}\` · mention @aiops here to ask`));
  return blocks;
}

export function incidentDetailReply(i: Incident): Block[] {
  const anomalies = i.anomalies.slice(0, 10).map((a) => `• ${when(a.windowStart)} *${esc(a.service)}*${a.operation ? ` ${esc(a.operation)}` : ''} ${a.feature} ${fmt(a.value)} (baseline ${fmt(a.baseline)}, score ${a.score.toFixed(1)})`);
  return [...incidentDetailBlocks(i), ...(anomalies.length ? [section(`*Anomalies*\n${anomalies.join('\n')}`)] : [])];
}

/** What changed between two versions of an incident, as thread-reply lines; empty when nothing notable did. */
export function incidentChanges(prev: Incident, next: Incident): string[] {
  const out: string[] = [];
  if (prev.severity !== next.severity) out.push(`severity ${prev.severity} → *${next.severity}*`);
  const added = next.services.filter((s) => !prev.services.includes(s));
  if (added.length) out.push(`new services affected: ${added.map(esc).join(', ')}`);
  const [a, b] = [prev.rootCauses[0], next.rootCauses[0]];
  if (b && (!a || a.service !== b.service || a.indicator !== b.indicator)) out.push(`top root cause now *${esc(b.service)}* (${b.indicator}, ${b.score.toFixed(2)})${b.evidence[0] ? `: ${esc(b.evidence[0])}` : ''}`);
  if (prev.status !== next.status && next.status === 'resolved') out.push(`:white_check_mark: resolved at ${when(next.resolvedAt)}`);
  return out;
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString());
