/**
 * Block Kit rules the Slack Web API enforces, from https://api.slack.com/reference/block-kit/blocks,
 * /block-elements and /composition-objects. Returns the messages Slack puts in response_metadata.messages;
 * empty when valid. Only the block types and elements otlp-aiops may send are modelled; any other type is
 * reported as unsupported so a new one is added here, from the reference, before it is used.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON documents of any shape, checked field by field
type Obj = Record<string, any>;

const MESSAGE_BLOCKS = new Set(['section', 'header', 'context', 'divider', 'actions', 'image', 'rich_text', 'markdown']);
const MODAL_BLOCKS = new Set([...MESSAGE_BLOCKS, 'input']);

export function validateBlocks(blocks: unknown, surface: 'message' | 'modal'): string[] {
  const errs: string[] = [];
  if (!Array.isArray(blocks)) return ['[ERROR] must be an array [json-pointer:/blocks]'];
  const max = surface === 'modal' ? 100 : 50;
  if (blocks.length > max) errs.push(`[ERROR] no more than ${max} items allowed [json-pointer:/blocks]`);
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  blocks.forEach((b: Obj, i) => {
    const at = `/blocks/${i}`;
    const allowed = surface === 'modal' ? MODAL_BLOCKS : MESSAGE_BLOCKS;
    if (!b || typeof b !== 'object' || !allowed.has(b.type)) return void errs.push(`[ERROR] unsupported type: ${b?.type} [json-pointer:${at}/type]`);
    if (b.block_id !== undefined) {
      if (typeof b.block_id !== 'string' || b.block_id.length > 255) errs.push(`[ERROR] must be less than 256 characters [json-pointer:${at}/block_id]`);
      if (blockIds.has(b.block_id)) errs.push(`[ERROR] duplicate block_id [json-pointer:${at}/block_id]`);
      blockIds.add(b.block_id);
    }
    const element = (e: Obj, p: string) => checkElement(e, p, actionIds, errs);
    switch (b.type) {
      case 'section':
        if (!b.text && !b.fields) errs.push(`[ERROR] must provide either text or fields [json-pointer:${at}]`);
        if (b.text) checkText(b.text, `${at}/text`, 3000, errs);
        if (b.fields) {
          if (!Array.isArray(b.fields) || b.fields.length > 10) errs.push(`[ERROR] no more than 10 items allowed [json-pointer:${at}/fields]`);
          else b.fields.forEach((f: Obj, j: number) => checkText(f, `${at}/fields/${j}`, 2000, errs));
        }
        if (b.accessory) element(b.accessory, `${at}/accessory`);
        break;
      case 'header':
        checkText(b.text, `${at}/text`, 150, errs, 'plain_text');
        break;
      case 'context':
        if (!Array.isArray(b.elements) || b.elements.length < 1 || b.elements.length > 10) errs.push(`[ERROR] must have 1 to 10 elements [json-pointer:${at}/elements]`);
        else b.elements.forEach((e: Obj, j: number) => (e.type === 'image' ? undefined : checkText(e, `${at}/elements/${j}`, 3000, errs)));
        break;
      case 'actions':
        if (!Array.isArray(b.elements) || b.elements.length < 1 || b.elements.length > 25) errs.push(`[ERROR] must have 1 to 25 elements [json-pointer:${at}/elements]`);
        else b.elements.forEach((e: Obj, j: number) => element(e, `${at}/elements/${j}`));
        break;
      case 'input':
        checkText(b.label, `${at}/label`, 2000, errs, 'plain_text');
        if (!b.element) errs.push(`[ERROR] missing required field: element [json-pointer:${at}]`);
        else element(b.element, `${at}/element`);
        break;
    }
  });
  return errs;
}

function checkText(t: Obj | undefined, at: string, max: number, errs: string[], only?: 'plain_text'): void {
  if (!t || typeof t !== 'object') return void errs.push(`[ERROR] missing required field: text [json-pointer:${at}]`);
  if (t.type !== 'plain_text' && t.type !== 'mrkdwn') errs.push(`[ERROR] must be plain_text or mrkdwn [json-pointer:${at}/type]`);
  if (only && t.type !== only) errs.push(`[ERROR] must be a plain_text object [json-pointer:${at}/type]`);
  if (typeof t.text !== 'string' || t.text.length < 1) errs.push(`[ERROR] must be more than 0 characters [json-pointer:${at}/text]`);
  else if (t.text.length > max) errs.push(`[ERROR] must be less than ${max + 1} characters [json-pointer:${at}/text]`);
}

function checkElement(e: Obj, at: string, actionIds: Set<string>, errs: string[]): void {
  if (e.action_id !== undefined) {
    if (typeof e.action_id !== 'string' || e.action_id.length > 255) errs.push(`[ERROR] must be less than 256 characters [json-pointer:${at}/action_id]`);
    if (actionIds.has(e.action_id)) errs.push(`[ERROR] duplicate action_id [json-pointer:${at}/action_id]`);
    actionIds.add(e.action_id);
  }
  switch (e.type) {
    case 'button':
      checkText(e.text, `${at}/text`, 75, errs, 'plain_text');
      if (e.value !== undefined && (typeof e.value !== 'string' || e.value.length > 2000)) errs.push(`[ERROR] must be less than 2001 characters [json-pointer:${at}/value]`);
      if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') errs.push(`[ERROR] must be primary or danger [json-pointer:${at}/style]`);
      if (e.confirm) checkConfirm(e.confirm, `${at}/confirm`, errs);
      break;
    case 'plain_text_input':
      if (e.max_length !== undefined && (e.max_length < 1 || e.max_length > 3000)) errs.push(`[ERROR] must be between 1 and 3000 [json-pointer:${at}/max_length]`);
      if (e.placeholder) checkText(e.placeholder, `${at}/placeholder`, 150, errs, 'plain_text');
      break;
    case 'image':
      break;
    default:
      errs.push(`[ERROR] unsupported element type: ${e.type} [json-pointer:${at}/type]`);
  }
}

function checkConfirm(c: Obj, at: string, errs: string[]): void {
  checkText(c.title, `${at}/title`, 100, errs, 'plain_text');
  checkText(c.text, `${at}/text`, 300, errs);
  checkText(c.confirm, `${at}/confirm`, 30, errs, 'plain_text');
  checkText(c.deny, `${at}/deny`, 30, errs, 'plain_text');
  if (c.style !== undefined && c.style !== 'primary' && c.style !== 'danger') errs.push(`[ERROR] must be primary or danger [json-pointer:${at}/style]`);
}

/** views.open / views.update `view` rules (https://api.slack.com/reference/surfaces/views). */
export function validateModal(view: Obj | undefined): string[] {
  if (!view || typeof view !== 'object') return ['[ERROR] missing required field: view'];
  const errs: string[] = [];
  if (view.type !== 'modal') errs.push('[ERROR] must be modal [json-pointer:/view/type]');
  checkText(view.title, '/view/title', 24, errs, 'plain_text');
  if (view.submit) checkText(view.submit, '/view/submit', 24, errs, 'plain_text');
  if (view.close) checkText(view.close, '/view/close', 24, errs, 'plain_text');
  if (view.callback_id !== undefined && String(view.callback_id).length > 255) errs.push('[ERROR] must be less than 256 characters [json-pointer:/view/callback_id]');
  if (view.private_metadata !== undefined && String(view.private_metadata).length > 3000) errs.push('[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]');
  if (Array.isArray(view.blocks) && view.blocks.some((b: Obj) => b.type === 'input') && !view.submit) errs.push('[ERROR] a modal with input blocks must have a submit button [json-pointer:/view/submit]');
  return errs.concat(validateBlocks(view.blocks, 'modal').map((m) => m.replace('[json-pointer:/blocks', '[json-pointer:/view/blocks')));
}
