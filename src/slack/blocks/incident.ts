/** Incident views: a one-line list entry, the full incident, and the root-cause list they share. */
import type { Incident, RootCause } from '../../core/index.js';
import { context, esc, header, section, when, type Block } from './limits.js';

const SEVERITY_ICON: Record<Incident['severity'], string> = { critical: ':red_circle:', high: ':large_orange_circle:', medium: ':large_yellow_circle:', low: ':white_circle:' };

export const severityIcon = (s: Incident['severity']) => SEVERITY_ICON[s] ?? ':white_circle:';

export function incidentLine(i: Incident): string {
  const top = i.rootCauses[0];
  const cause = top ? `root cause *${esc(top.service)}* (${top.indicator}, ${top.score.toFixed(2)})` : 'root cause pending';
  const state = i.status === 'resolved' ? `resolved ${when(i.resolvedAt)}` : 'open';
  return `${severityIcon(i.severity)} \`${i.id}\` ${i.severity} · ${state} · ${i.services.map(esc).join(', ')} · ${cause}`;
}

export function rootCauseLines(causes: RootCause[], max = 3, evidence = 2): string {
  if (!causes.length) return '_no anomalous service found in the window_';
  return causes
    .slice(0, max)
    .map((c, n) => [`${n + 1}. *${esc(c.service)}* — ${c.indicator}, score ${c.score.toFixed(2)}`, ...c.evidence.slice(0, evidence).map((e) => `      ◦ ${esc(e)}`)].join('\n'))
    .join('\n');
}

export function incidentListBlocks(list: Incident[]): Block[] {
  if (!list.length) return [section('No incidents recorded.')];
  return [section(`*Recent incidents* (${list.length})`), ...list.slice(0, 15).map((i) => section(incidentLine(i)))];
}

export function incidentDetailBlocks(i: Incident): Block[] {
  const blocks: Block[] = [
    header(`${i.status === 'resolved' ? 'Resolved' : 'Open'} ${i.severity} incident ${i.id}`),
    section(`*Services:* ${i.services.map(esc).join(', ')}\n*First anomaly:* ${when(i.firstAnomalyAt)} · *opened:* ${when(i.openedAt)}${i.resolvedAt ? ` · *resolved:* ${when(i.resolvedAt)}` : ''}`),
    section(`*Root causes*\n${rootCauseLines(i.rootCauses, 5, 3)}`),
  ];
  const tl = (i.timeline ?? []).slice(-15);
  if (tl.length) blocks.push(section(`*Timeline*\n${tl.map((t) => `${when(t.at)} \`${t.kind}\` ${esc(t.text)}`).join('\n')}`));
  blocks.push(context(`${i.anomalies.length} anomalous windows`));
  return blocks;
}
