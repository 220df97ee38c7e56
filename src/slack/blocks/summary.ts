/** Thread summary message: timeline, findings, decisions, current state. */
import type { ThreadSummary } from '../../ops/thread-summary.js';
import { context, esc, header, longText, section, when, type Block } from './limits.js';

export function summaryBlocks(s: ThreadSummary): Block[] {
  const list = (xs: string[]) => (xs.length ? xs.map((x) => `• ${x}`).join('\n') : '_none recorded_');
  return [
    header(`Summary: ${s.title}`),
    ...(s.prose ? longText(s.prose, 5) : []),
    section(`*Timeline*\n${s.timeline.map((t) => `${when(t.at || null)} ${t.text}`).join('\n') || '_empty_'}`),
    section(`*Findings*\n${list(s.findings)}`),
    section(`*Decisions*\n${list(s.decisions)}`),
    section(`*Current state*\n${esc(s.state)}`),
    context(`${s.participants.length} participants${s.prose ? ' · rephrased by the LLM from the facts above' : ' · generated without an LLM'}`),
  ];
}
