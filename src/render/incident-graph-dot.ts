/**
 * The picture of an incident as Graphviz DOT: the incident's services plus their direct callers and callees,
 * the top root cause red, other anomalous services orange, edges labelled with error rate and p99.
 */
import type { GraphEdge, Incident, NodeKind, ServiceGraph } from '../core/index.js';

const SHAPE: Record<NodeKind, string> = { service: 'ellipse', database: 'cylinder', external: 'box' };

/** A DOT double-quoted string: names come from telemetry, so quotes and backslashes must not end the ID. */
export function dotId(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

function edgeLabel(e: GraphEdge): string {
  const rate = e.calls > 0 ? (e.errors / e.calls) * 100 : 0;
  const pct = rate === 0 ? '0' : rate < 0.1 ? rate.toFixed(2) : rate.toFixed(1);
  return `${pct}% err${e.p99Ms === null ? '' : `\\np99 ${Math.round(e.p99Ms)} ms`}`;
}

function topRootCause(incident: Incident): string | undefined {
  return [...incident.rootCauses].sort((a, b) => b.score - a.score)[0]?.service;
}

export function incidentGraphDot(incident: Incident, graph: ServiceGraph): string {
  const focus = new Set(incident.services);
  const keep = new Set(focus);
  for (const e of graph.edges) {
    if (focus.has(e.from)) keep.add(e.to);
    if (focus.has(e.to)) keep.add(e.from);
  }
  const kinds = new Map(graph.nodes.map((n) => [n.name, n.kind] as const));
  const top = topRootCause(incident);
  const anomalous = new Set([...incident.anomalies.map((a) => a.service), ...incident.rootCauses.map((r) => r.service)]);
  const lines = [
    'digraph incident {',
    `  graph [rankdir=LR, labelloc=t, fontname="Helvetica", label=${dotId(`${incident.id} (${incident.severity})`)}];`,
    '  node [fontname="Helvetica", style=filled, fillcolor="#eef2f7", color="#5c677d"];',
    '  edge [fontname="Helvetica", fontsize=10, color="#5c677d"];',
  ];
  for (const name of [...keep].sort()) {
    const attrs = [`shape=${SHAPE[kinds.get(name) ?? 'service']}`];
    if (name === top) attrs.push('fillcolor="#d62828"', 'fontcolor=white', 'style="filled,bold"', 'penwidth=3');
    else if (anomalous.has(name)) attrs.push('fillcolor="#f4a261"');
    if (!focus.has(name)) attrs.push('color="#adb5bd"');
    lines.push(`  ${dotId(name)} [${attrs.join(', ')}];`);
  }
  for (const e of graph.edges) {
    if (!keep.has(e.from) || !keep.has(e.to) || !(focus.has(e.from) || focus.has(e.to))) continue;
    // edgeLabel's "\n" is DOT's line break, so the label is quoted here without escaping it again.
    lines.push(`  ${dotId(e.from)} -> ${dotId(e.to)} [label="${edgeLabel(e)}"${e.errors > 0 ? ', color="#d62828"' : ''}];`);
  }
  lines.push('}');
  return lines.join('\n');
}
