/** Bounded incident timeline: the opening entry is always kept, the oldest of the rest are dropped first. */
import type { Incident, TimelineEntry } from '../core/index.js';

export const MAX_TIMELINE = 60;

export function appendTimeline(incident: Incident, at: number, kind: string, text: string): void {
  const timeline = (incident.timeline ??= []);
  timeline.push({ at: new Date(at).toISOString(), kind, text });
  if (timeline.length <= MAX_TIMELINE) return;
  const dropped = timeline.length - MAX_TIMELINE + 1;
  const note = timeline.find((e) => e.kind === 'timeline-trimmed');
  const already = note ? Number(/^(\d+)/.exec(note.text)?.[1] ?? 0) : 0;
  const rest = timeline.slice(1).filter((e) => e.kind !== 'timeline-trimmed');
  const kept = rest.slice(rest.length - (MAX_TIMELINE - 2));
  const trimmed: TimelineEntry = { at: kept[0]?.at ?? timeline[0].at, kind: 'timeline-trimmed', text: `${already + dropped} older entries dropped` };
  incident.timeline = [timeline[0], trimmed, ...kept];
}
