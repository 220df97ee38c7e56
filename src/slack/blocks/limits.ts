/**
 * Block Kit primitives that respect Slack's published limits, so a long answer is clipped rather than
 * rejected (https://api.slack.com/reference/block-kit/blocks): 50 blocks per message, 3000 characters per
 * section text, 150 per header, 75 per button label, 10 elements per context block.
 */
import type { types } from '@slack/bolt';

export const LIMITS = { blocks: 50, modalBlocks: 100, sectionText: 3000, header: 150, button: 75, contextElements: 10, messageText: 40_000 } as const;

export type Block = types.KnownBlock;

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Escapes the three characters Slack's mrkdwn treats as control characters in user-supplied text. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function section(text: string, blockId?: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text || ' ', LIMITS.sectionText) }, ...(blockId ? { block_id: blockId } : {}) };
}

export function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: clip(text, LIMITS.header), emoji: true } };
}

export function context(...texts: string[]): Block {
  return { type: 'context', elements: texts.slice(0, LIMITS.contextElements).map((t) => ({ type: 'mrkdwn' as const, text: clip(t, LIMITS.sectionText) })) };
}

export const divider = (): Block => ({ type: 'divider' });

/** Long text split over several sections (line boundaries preferred), e.g. an agent answer or a postmortem. */
export function longText(text: string, maxBlocks = 20): Block[] {
  const out: Block[] = [];
  let rest = text;
  while (rest.length && out.length < maxBlocks) {
    let cut = rest.length <= LIMITS.sectionText ? rest.length : rest.lastIndexOf('\n', LIMITS.sectionText - 1);
    if (cut <= 0) cut = LIMITS.sectionText - 1;
    out.push(section(rest.slice(0, cut)));
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.length) out.push(context(`…${rest.length} more characters left out`));
  return out;
}

/** Keeps a message within the block limit; the last kept block says how much was left out. */
export function capBlocks(blocks: Block[], max: number = LIMITS.blocks): Block[] {
  if (blocks.length <= max) return blocks;
  return [...blocks.slice(0, max - 1), context(`…${blocks.length - max + 1} more blocks left out`)];
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const s = Math.floor(Date.parse(iso) / 1000);
  return Number.isFinite(s) ? `<!date^${s}^{date_short_pretty} {time}|${iso}>` : iso;
}
