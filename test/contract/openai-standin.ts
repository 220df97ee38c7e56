/**
 * A local OpenAI Chat Completions stand-in (node:http, port 0), written from the API reference: `POST
 * /v1/chat/completions` with `tools`/`tool_calls`, SSE streaming (`data: {chunk}` … `data: [DONE]`,
 * `stream_options.include_usage`), and the 400s the vendor returns for requests it would reject.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chunks, turnFor, type Script } from './scripted-turns.js';

export interface OpenAiStandin {
  baseURL: string;
  requests: Record<string, unknown>[];
  close(): Promise<void>;
}

type Msg = { role?: unknown; content?: unknown; tool_calls?: { id: string; type?: string; function?: { name?: string; arguments?: string } }[]; tool_call_id?: unknown };

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);

/** The vendor's validation, as far as our client can trip it. Returns the error message, or null. */
export function validateChatRequest(b: Record<string, unknown>): string | null {
  if (typeof b.model !== 'string' || !b.model) return 'you must provide a model parameter';
  if (!Array.isArray(b.messages) || b.messages.length === 0) return "[] is too short - 'messages'";
  const open = new Set<string>();
  for (const [i, m] of (b.messages as Msg[]).entries()) {
    if (typeof m.role !== 'string' || !ROLES.has(m.role)) return `Invalid value: '${String(m.role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'. ('messages[${i}].role')`;
    if (m.role === 'tool') {
      if (typeof m.tool_call_id !== 'string' || !open.has(m.tool_call_id)) return `Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'. ('messages[${i}]')`;
      open.delete(m.tool_call_id);
      continue;
    }
    if (open.size) return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open].join(', ')}`;
    if (m.role === 'assistant' && m.tool_calls) {
      for (const c of m.tool_calls) {
        if (!c.id || c.type !== 'function' || !c.function?.name) return `Invalid 'messages[${i}].tool_calls': each call needs id, type 'function' and function.name`;
        try {
          JSON.parse(c.function.arguments ?? '');
        } catch {
          return `Invalid 'messages[${i}].tool_calls': function.arguments must be a JSON string`;
        }
        open.add(c.id);
      }
    } else if (m.content === undefined || (m.content === null && m.role !== 'assistant')) return `Invalid value for 'content': expected a string, got null. ('messages[${i}].content')`;
  }
  if (open.size) return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'.`;
  for (const [i, t] of ((b.tools as { type?: string; function?: { name?: string; parameters?: { type?: string } } }[] | undefined) ?? []).entries()) {
    if (t.type !== 'function' || !t.function?.name || !/^[a-zA-Z0-9_-]{1,64}$/.test(t.function.name)) return `Invalid 'tools[${i}].function.name': string does not match pattern '^[a-zA-Z0-9_-]+$'`;
    if (t.function.parameters && t.function.parameters.type !== 'object') return `Invalid schema for function '${t.function.name}': schema must be a JSON Schema of 'type: "object"'`;
  }
  return null;
}

export async function startOpenAiStandin(script: Script, opts: { apiKey?: string } = {}): Promise<OpenAiStandin> {
  const requests: Record<string, unknown>[] = [];
  const server = createServer(async (req, res) => {
    try {
      await handle(req, res);
    } catch (e) {
      send(res, 500, { error: { message: String(e), type: 'server_error', param: null, code: null } });
    }
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return send(res, 404, { error: { message: `Unknown request URL: ${req.method} ${req.url}`, type: 'invalid_request_error', param: null, code: 'unknown_url' } });
    if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) return send(res, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    } catch {
      return send(res, 400, { error: { message: 'We could not parse the JSON body of your request.', type: 'invalid_request_error', param: null, code: null } });
    }
    const call = requests.length;
    requests.push(body);
    const invalid = validateChatRequest(body);
    if (invalid) return send(res, 400, { error: { message: invalid, type: 'invalid_request_error', param: null, code: null } });
    const turn = turnFor(script, body, call);
    if (turn.failWith) return send(res, turn.failWith, { error: { message: 'scripted failure', type: 'server_error', param: null, code: null } });
    const id = `chatcmpl-${call}`;
    const calls = (turn.toolCalls ?? []).map((c, i) => ({ id: `call_${call}_${i}`, type: 'function' as const, function: { name: c.name, arguments: JSON.stringify(c.input) } }));
    const finish = calls.length ? 'tool_calls' : 'stop';
    const usage = { prompt_tokens: turn.usage?.input ?? 100, completion_tokens: turn.usage?.output ?? 20, total_tokens: (turn.usage?.input ?? 100) + (turn.usage?.output ?? 20) };
    const base = { id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: body.model };
    if (!body.stream) {
      return send(res, 200, { id, object: 'chat.completion', created: base.created, model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: turn.text ?? null, ...(calls.length ? { tool_calls: calls } : {}) }, finish_reason: finish }], usage });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const sse = (o: unknown) => res.write(`data: ${JSON.stringify(o)}\n\n`);
    sse({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    for (const c of chunks(turn.text ?? '')) sse({ ...base, choices: [{ index: 0, delta: { content: c }, finish_reason: null }] });
    calls.forEach((c, index) => {
      sse({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.function.name, arguments: '' } }] }, finish_reason: null }] });
      for (const part of chunks(c.function.arguments, 2)) sse({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index, function: { arguments: part } }] }, finish_reason: null }] });
    });
    sse({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finish }] });
    if ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage) sse({ ...base, choices: [], usage });
    res.end('data: [DONE]\n\n');
  }
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { baseURL: `http://127.0.0.1:${port}/v1`, requests, close: () => new Promise((r) => server.close(() => r())) };
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
