/** Evidence strings of one candidate: what changed, when relative to its callers, and what lies below it. */
import type { Anomaly } from '../core/index.js';
import { clock, describeChange, FEATURE_LABEL, formatValue, listNames, ratioText, round } from './format.js';
import { FAMILY, type IndicatorChoice } from './indicator.js';
import { FLAT_SELF_RATIO, type NodeFacts } from './node-facts.js';
import type { RankContext } from './rank-context.js';
import { selfRatio } from './window-evidence.js';

export function buildEvidence(f: NodeFacts, choice: IndicatorChoice, ctx: RankContext): string[] {
  if (f.inferredFrom) return inferredEvidence(f, ctx);
  const out: string[] = [];
  if (choice.headline) out.push(describeChange(choice.headline, featureOnset(f.anomalies, choice.headline)));
  out.push(onsetLine(f, ctx));
  out.push(downstreamLine(f, ctx));
  const self = selfLine(f, ctx);
  if (self) out.push(self);
  const errors = errorShareLine(f, choice, ctx);
  if (errors) out.push(errors);
  out.push(...otherFamilies(f, choice));
  return out;
}

function inferredEvidence(f: NodeFacts, ctx: RankContext): string[] {
  const callers = (f.inferredFrom ?? []).map((c) => ctx.facts.get(c) as NodeFacts);
  const out = [`${f.kind} ${f.name} has no telemetry of its own; ${callers.length} anomalous caller(s) depend on it: ${listNames(callers.map((c) => c.name))}`];
  for (const c of callers.slice(0, 3)) {
    const strongest = [...c.anomalies].sort((a, b) => b.score - a.score)[0];
    if (strongest) out.push(describeChange(strongest, featureOnset(c.anomalies, strongest)));
  }
  out.push(`callers first anomalous at ${clock(f.onset)}`);
  const flat = callers.filter((c) => (selfRatio(ctx.windows.get(c.name)) ?? Infinity) <= FLAT_SELF_RATIO);
  if (flat.length) out.push(`self time per request of ${listNames(flat.map((c) => c.name))} flat: the added latency was spent waiting on ${f.name}`);
  out.push('no anomalous downstream dependency');
  return out;
}

function onsetLine(f: NodeFacts, ctx: RankContext): string {
  const at = `first anomalous at ${clock(f.onset)}`;
  const callers = ctx.upstream(f.name).sort((a, b) => a.onset - b.onset || a.name.localeCompare(b.name));
  if (!callers.length) return f.onset === ctx.earliest ? `${at}, the earliest in the incident` : at;
  const lead = (c: NodeFacts) => Math.round((c.onset - f.onset) / ctx.windowMs);
  const names = (list: NodeFacts[]) => listNames(list.map((c) => c.name));
  const earlier = callers.filter((c) => lead(c) < 0);
  const same = callers.filter((c) => lead(c) === 0);
  const later = callers.filter((c) => lead(c) > 0);
  if (earlier.length) return `${at}, after its callers ${names(earlier)} (from ${clock(earlier[0].onset)})`;
  if (same.length && later.length) return `${at}, same window as its callers ${names(same)}; before ${names(later)} (from ${clock(later[0].onset)})`;
  if (same.length) return `${at}, same window as its callers ${names(same)}`;
  const n = lead(later[0]);
  return `${at}, ${n} window${n === 1 ? '' : 's'} before its callers ${names(later)}`;
}

function downstreamLine(f: NodeFacts, ctx: RankContext): string {
  const down = ctx.downstream(f.name).sort((a, b) => a.onset - b.onset);
  if (!down.length) return 'no anomalous downstream dependency';
  const names = listNames(down.map((d) => `${d.name} (from ${clock(d.onset)})`), 3);
  if (down.every((d) => d.onset > f.onset)) return `anomalous downstream started later: ${names}`;
  return `calls anomalous ${names}: likely a victim`;
}

function selfLine(f: NodeFacts, ctx: RankContext): string | undefined {
  const w = ctx.windows.get(f.name);
  const r = selfRatio(w);
  if (r === undefined || !w) return undefined;
  const change = `self time per request of ${f.name} ${round(w.selfBefore as number)} ms → ${round(w.selfDuring as number)} ms (${ratioText(r)})`;
  return r <= FLAT_SELF_RATIO ? `${change}: flat, the added latency is spent in its dependencies` : change;
}

function errorShareLine(f: NodeFacts, choice: IndicatorChoice, ctx: RankContext): string | undefined {
  if (choice.indicator !== 'errors') return undefined;
  const mine = ctx.windows.get(f.name)?.addedErrors ?? 0;
  const total = [...ctx.windows.values()].reduce((a, w) => a + w.addedErrors, 0);
  if (mine <= 0 || total <= 0) return undefined;
  return `${((mine / total) * 100).toFixed(0)}% of the errors added across the incident's services (${Math.round(mine)} of ${Math.round(total)})`;
}

/** The strongest anomaly of up to two other feature families, as supporting facts. */
function otherFamilies(f: NodeFacts, choice: IndicatorChoice): string[] {
  const chosen = choice.headline ? FAMILY[choice.headline.feature] : undefined;
  const best = new Map<string, Anomaly>();
  for (const a of f.anomalies) {
    const fam = FAMILY[a.feature];
    if (fam === chosen) continue;
    const b = best.get(fam);
    if (!b || a.score > b.score) best.set(fam, a);
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score)
    .slice(0, 2)
    .map((a) => `also ${FEATURE_LABEL[a.feature]} ${formatValue(a.feature, a.baseline)} → ${formatValue(a.feature, a.value)} from ${clock(featureOnset(f.anomalies, a))}`);
}

function featureOnset(list: readonly Anomaly[], of: Anomaly): number {
  return Math.min(...list.filter((a) => a.feature === of.feature).map((a) => Date.parse(a.windowStart)));
}
