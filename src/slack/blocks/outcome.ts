/** Renders a `CommandOutcome` (ops/chat-command-run.ts) as a Block Kit message. */
import type { CommandOutcome } from '../../ops/chat-command-run.js';
import { kafkaStatusLine } from '../../ops/kafka-line.js';
import { actionSummary, riskLabel } from './action.js';
import { helpBlocks } from './help.js';
import { incidentDetailBlocks, incidentLine, incidentListBlocks, rootCauseLines } from './incident.js';
import { capBlocks, context, esc, longText, section, type Block } from './limits.js';
import { summaryBlocks } from './summary.js';

export interface RenderedMessage {
  text: string;
  blocks: Block[];
}

export function renderOutcome(o: CommandOutcome): RenderedMessage {
  return { text: fallbackText(o), blocks: capBlocks(blocksFor(o)) };
}

function blocksFor(o: CommandOutcome): Block[] {
  switch (o.type) {
    case 'help':
      return helpBlocks(o.note);
    case 'error':
      return [section(`:warning: ${esc(o.message)}`)];
    case 'status':
      return [
        section(`*Status*\n• services seen: ${o.services}\n• open incidents: ${o.open.length}${o.proposedActions === null ? '' : `\n• actions awaiting a decision: ${o.proposedActions}`}${o.kafka ? `\n• ${esc(kafkaStatusLine(o.kafka))}` : ''}`),
        ...o.open.slice(0, 10).map((i) => section(incidentLine(i))),
      ];
    case 'incidents':
      return incidentListBlocks(o.incidents);
    case 'incident':
      return incidentDetailBlocks(o.incident);
    case 'rca':
      return [
        section(`*Root causes for ${esc(o.service)}* (${o.answer.scope.from} → ${o.answer.scope.to})\n${rootCauseLines(o.answer.rootCauses, 5, 3)}`),
        context(`${o.answer.scope.services} services in scope · ${o.answer.scope.anomalies} anomalous windows`),
      ];
    case 'graph': {
      const inbound = o.graph.edges.filter((e) => e.to === o.service);
      const outbound = o.graph.edges.filter((e) => e.from === o.service);
      const line = (e: (typeof inbound)[number], other: string) => `• ${esc(other)} — ${e.calls} calls, ${e.errors} errors${e.p99Ms === null ? '' : `, p99 ${Math.round(e.p99Ms)} ms`}`;
      return [
        section(`*${esc(o.service)}* — ${o.graph.nodes.length} nodes, ${o.graph.edges.length} edges`),
        section(`*Callers*\n${inbound.map((e) => line(e, e.from)).join('\n') || '_none_'}`),
        section(`*Calls*\n${outbound.map((e) => line(e, e.to)).join('\n') || '_none_'}`),
      ];
    }
    case 'query':
      return [section(`${o.ok ? '' : ':warning: '}\`\`\`${o.query.slice(0, 2800)}\`\`\``), ...longText(o.text || '_no rows_', 10)];
    case 'answer':
      return [...longText(o.text, 30), ...(o.citations.length ? [context(`Sources: ${o.citations.slice(0, 8).map(esc).join(' · ')}`)] : [])];
    case 'actions':
      if (!o.actions.length) return [section(`No ${o.status} actions.`)];
      return o.actions.slice(0, 20).map((a) => section(`\`${a.id}\` ${actionSummary(a)} — ${riskLabel(a)} · _${a.status}_`));
    case 'summary':
      return summaryBlocks(o.summary);
    case 'postmortem':
      return [section(`*Postmortem draft for \`${o.incidentId}\`*`), ...longText(`\`\`\`\n${o.markdown.slice(0, 30_000)}\n\`\`\``, 20)];
  }
}

function fallbackText(o: CommandOutcome): string {
  switch (o.type) {
    case 'error':
      return o.message;
    case 'answer':
      return o.text.slice(0, 3000);
    case 'incidents':
      return `${o.incidents.length} incidents`;
    case 'incident':
      return `Incident ${o.incident.id}`;
    default:
      return `aiops ${o.type}`;
  }
}
