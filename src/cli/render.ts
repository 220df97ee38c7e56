/** Plain-text renderers for terminal output. */
import type { Action, Incident, RootCause } from '../core/index.js';

export function renderIncidentLine(i: Incident): string {
  const top = i.rootCauses[0];
  const cause = top ? `root cause ${top.service} (${top.indicator}, ${top.score.toFixed(2)})` : 'root cause pending';
  return `${i.id}  ${i.status.padEnd(8)} ${i.severity.padEnd(8)} opened ${i.openedAt}  ${i.services.length} services  ${cause}`;
}

export function renderRootCauses(causes: RootCause[], reason?: string): string {
  if (!causes.length) return `  (no root cause: ${reason ?? 'no anomalous service in the window'})`;
  return causes
    .slice(0, 5)
    .map((c, n) => [`  ${n + 1}. ${c.service}  ${c.faultType ?? c.indicator}  score ${c.score.toFixed(2)}`, ...c.evidence.slice(0, 5).map((e) => `       - ${e}`)].join('\n'))
    .join('\n');
}

export function renderIncident(i: Incident): string {
  const lines = [
    `Incident ${i.id} [${i.severity}] ${i.status}`,
    `  first anomaly ${i.firstAnomalyAt}, opened ${i.openedAt}${i.resolvedAt ? `, resolved ${i.resolvedAt}` : ''}`,
    `  services: ${i.services.join(', ')}`,
    '  root causes:',
    renderRootCauses(i.rootCauses),
  ];
  if (i.timeline?.length) {
    lines.push('  timeline:');
    for (const t of i.timeline.slice(0, 30)) lines.push(`    ${t.at}  ${t.kind.padEnd(10)} ${t.text}`);
  }
  return lines.join('\n');
}

export function renderAction(a: Action): string {
  const approval = a.requiresApproval ? `needs ${a.requiredApprovers ?? 1} approver(s)` : 'no approval needed';
  const lines = [`  proposed action ${a.id}: ${a.type} ${a.target.namespace ? `${a.target.namespace}/` : ''}${a.target.service}  risk ${a.riskScore.toFixed(2)}, ${approval}, ${a.status}${a.dryRun ? ' (dry run)' : ''}`];
  for (const r of (a.reason ?? []).slice(0, 3)) lines.push(`       - ${r}`);
  return lines.join('\n');
}
