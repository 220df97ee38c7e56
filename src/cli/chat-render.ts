/** Plain-text rendering of chat outcomes for `aiops chat` (Slack renders the same outcomes as Block Kit). */
import { SUBCOMMANDS } from '../ops/chat-command-parse.js';
import type { CommandOutcome } from '../ops/chat-command-run.js';
import { kafkaStatusLine } from '../ops/kafka-line.js';
import { renderIncident, renderIncidentLine, renderRootCauses } from './render.js';

export function renderOutcomeText(o: CommandOutcome): string {
  switch (o.type) {
    case 'help':
      return ['Commands (also accepted with a leading / or /aiops):', ...SUBCOMMANDS.map((s) => `  ${s.usage.padEnd(24)} ${s.summary}`), 'Anything else is a question for the agent. Type exit to leave.'].join('\n');
    case 'error':
      return `! ${o.message}`;
    case 'status':
      return [`services seen: ${o.services}`, `open incidents: ${o.open.length}`, ...(o.proposedActions === null ? [] : [`actions awaiting a decision: ${o.proposedActions}`]), ...(o.kafka ? [kafkaStatusLine(o.kafka)] : []), ...o.open.slice(0, 10).map(renderIncidentLine)].join('\n');
    case 'incidents':
      return o.incidents.length ? o.incidents.map(renderIncidentLine).join('\n') : 'no incidents';
    case 'incident':
      return renderIncident(o.incident);
    case 'rca':
      return [`root causes for ${o.service} (${o.answer.scope.from} → ${o.answer.scope.to}):`, renderRootCauses(o.answer.rootCauses)].join('\n');
    case 'graph':
      return [`${o.service}: ${o.graph.nodes.length} nodes, ${o.graph.edges.length} edges`, ...o.graph.edges.map((e) => `  ${e.from} → ${e.to}  ${e.calls} calls, ${e.errors} errors${e.p99Ms === null ? '' : `, p99 ${Math.round(e.p99Ms)} ms`}`)].join('\n');
    case 'query':
      return [`${o.ok ? '' : '! '}query: ${o.query}`, o.text].join('\n');
    case 'answer':
      return [o.text, ...(o.citations.length ? [`sources: ${o.citations.join('; ')}`] : [])].join('\n');
    case 'actions':
      return o.actions.length ? o.actions.map((a) => `${a.id}  ${a.type} ${a.target.service}  risk ${a.riskScore.toFixed(2)}  ${a.status}`).join('\n') : `no ${o.status} actions`;
    case 'summary': {
      const s = o.summary;
      const list = (xs: string[]) => (xs.length ? xs.map((x) => `  - ${x}`) : ['  (none)']);
      return [s.title, ...(s.prose ? [s.prose] : []), 'timeline:', ...s.timeline.map((t) => `  ${t.at || '?'}  ${t.text}`), 'findings:', ...list(s.findings), 'decisions:', ...list(s.decisions), `state: ${s.state}`].join('\n');
    }
    case 'postmortem':
      return o.markdown;
  }
}
