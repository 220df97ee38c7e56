/**
 * A local Anthropic Messages stand-in (node:http, port 0), written from the API reference: `POST /v1/messages`
 * with `tool_use`/`tool_result` content blocks, SSE events (message_start, content_block_start/delta/stop,
 * message_delta, message_stop, ping), and the 400s the vendor returns for requests it would reject.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chunks, turnFor, type Script } from './scripted-turns.js';

export interface AnthropicStandin {
  baseURL: string;
  requests: Record<string, unknown>[];
  close(): Promise<void>;
}

type Block = { type?: string; id?: string; tool_use_id?: string; text?: string; name?: string };
type Msg = { role?: unknown; content?: unknown };

/** The vendor's validation, as far as our client can trip it. Returns the error message, or null. */
export function validateMessagesRequest(b: Record<string, unknown>): string | null {
  if (typeof b.model !== 'string' || !b.model) return 'model: Field required';
  if (!Number.isInteger(b.max_tokens) || (b.max_tokens as number) < 1) return 'max_tokens: Field required';
  if (b.system !== undefined && typeof b.system !== 'string' && !Array.isArray(b.system)) return 'system: Input should be a valid string or list of text blocks';
  const msgs = b.messages as Msg[] | undefined;
  if (!Array.isArray(msgs) || msgs.length === 0) return 'messages: at least one message is required';
  if (msgs[0]!.role !== 'user') return 'messages: first message must use the "user" role';
  let pendingToolUse: string[] = [];
  for (const [i, m] of msgs.entries()) {
    if (m.role !== 'user' && m.role !== 'assistant') return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    const blocks: Block[] = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : Array.isArray(m.content) ? (m.content as Block[]) : [];
    if (blocks.length === 0) return `messages.${i}: all messages must have non-empty content`;
    const results = blocks.filter((x) => x.type === 'tool_result').map((x) => x.tool_use_id ?? '');
    if (m.role === 'assistant' && results.length) return `messages.${i}: tool_result blocks are only allowed in user messages`;
    for (const id of results) if (!pendingToolUse.includes(id)) return `messages.${i}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
    if (pendingToolUse.length) {
      const missing = pendingToolUse.filter((id) => !results.includes(id));
      if (missing.length) return `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
    if (i > 0 && msgs[i - 1]!.role === m.role && m.role === 'assistant') return `messages.${i}: roles must alternate between "user" and "assistant"`;
    pendingToolUse = m.role === 'assistant' ? blocks.filter((x) => x.type === 'tool_use').map((x) => x.id ?? '') : [];
    for (const x of blocks) if (x.type === 'tool_use' && (!x.id || !x.name)) return `messages.${i}: tool_use blocks need id and name`;
  }
  if (pendingToolUse.length) return `messages: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${pendingToolUse.join(', ')}`;
  for (const [i, t] of ((b.tools as { name?: string; input_schema?: { type?: string } }[] | undefined) ?? []).entries()) {
    if (!t.name || !/^[a-zA-Z0-9_-]{1,64}$/.test(t.name)) return `tools.${i}.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`;
    if (t.input_schema?.type !== 'object') return `tools.${i}.input_schema: JSON schema must be of type object`;
  }
  return null;
}

export async function startAnthropicStandin(script: Script, opts: { apiKey?: string } = {}): Promise<AnthropicStandin> {
  const requests: Record<string, unknown>[] = [];
  const server = createServer(async (req, res) => {
    try {
      await handle(req, res);
    } catch (e) {
      send(res, 500, { type: 'error', error: { type: 'api_error', message: String(e) } });
    }
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'POST' || req.url !== '/v1/messages') return send(res, 404, { type: 'error', error: { type: 'not_found_error', message: 'Not found' } });
    if (!req.headers['anthropic-version']) return send(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } });
    // SDK 1.x authenticates with `Authorization: Bearer`; older clients send `x-api-key`. Both are accepted.
    if (opts.apiKey && req.headers['x-api-key'] !== opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) return send(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    } catch {
      return send(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'invalid JSON body' } });
    }
    const call = requests.length;
    requests.push(body);
    const invalid = validateMessagesRequest(body);
    if (invalid) return send(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: invalid } });
    const turn = turnFor(script, body, call);
    if (turn.failWith) return send(res, turn.failWith, { type: 'error', error: { type: 'api_error', message: 'scripted failure' } });
    const uses = (turn.toolCalls ?? []).map((c, i) => ({ type: 'tool_use' as const, id: `toolu_${call}_${i}`, name: c.name, input: c.input }));
    const stop = uses.length ? 'tool_use' : 'end_turn';
    const usage = { input_tokens: turn.usage?.input ?? 120, output_tokens: turn.usage?.output ?? 25 };
    const message = { id: `msg_${call}`, type: 'message', role: 'assistant', model: body.model, stop_sequence: null };
    if (!body.stream) {
      return send(res, 200, { ...message, content: [...(turn.text ? [{ type: 'text', text: turn.text }] : []), ...uses], stop_reason: stop, usage });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const ev = (type: string, data: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    ev('message_start', { message: { ...message, content: [], stop_reason: null, usage: { input_tokens: usage.input_tokens, output_tokens: 1 } } });
    ev('ping', {});
    let index = 0;
    if (turn.text) {
      ev('content_block_start', { index, content_block: { type: 'text', text: '' } });
      for (const c of chunks(turn.text)) ev('content_block_delta', { index, delta: { type: 'text_delta', text: c } });
      ev('content_block_stop', { index });
      index++;
    }
    for (const u of uses) {
      ev('content_block_start', { index, content_block: { type: 'tool_use', id: u.id, name: u.name, input: {} } });
      for (const part of chunks(JSON.stringify(u.input), 2)) ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: part } });
      ev('content_block_stop', { index });
      index++;
    }
    ev('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
    ev('message_stop', {});
    res.end();
  }
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { baseURL: `http://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(() => r())) };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
