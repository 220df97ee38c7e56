/**
 * A local stand-in for the Slack Web API (pointed at with SLACK_API_URL), written from Slack's published
 * method reference (https://api.slack.com/methods). It answers as Slack does — HTTP 200 with `ok: false` and
 * the documented error code — for what Slack would reject: an unknown method (`unknown_method`), a missing
 * or wrong token (`not_authed` / `invalid_auth`), invalid Block Kit (`invalid_blocks`: more than 50 blocks,
 * text over limits, duplicate action ids…), over-long text (`msg_too_long`), missing arguments, unknown
 * messages, threads and user groups, and expired modal triggers. It records every call, accepted or not, and
 * every post to a response_url, and keeps channel history so conversations.replies reads what was posted.
 * File uploads follow Slack's current flow (https://api.slack.com/messaging/files#uploading_files):
 * files.getUploadURLExternal hands out an upload URL on this server, the bytes are POSTed there (raw or
 * multipart, as @slack/web-api sends them), and files.completeUploadExternal shares them; each finished
 * upload is recorded in `uploads`.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateBlocks, validateModal } from './slack-block-rules.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON documents of any shape, checked field by field
type Obj = Record<string, any>;

export interface RecordedCall {
  method: string;
  args: Obj;
  ok: boolean;
  error?: string;
}

export interface StoredMessage {
  ts: string;
  channel: string;
  user?: string;
  bot_id?: string;
  text: string;
  blocks?: Obj[];
  thread_ts?: string;
}

export interface RecordedUpload {
  fileId: string;
  filename: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  bytes: Buffer;
  title?: string;
  channel?: string;
  threadTs?: string;
}

export interface StandinOptions {
  token: string;
  /** Bot identity returned by auth.test. */
  botUserId?: string;
  /** User group id → member user ids (usergroups.users.list). */
  usergroups?: Record<string, string[]>;
  /** Modal trigger lifetime; Slack's is 3 s. */
  triggerTtlMs?: number;
  /** App-level token (xapp-) accepted by apps.connections.open, and the Socket Mode URL it hands out. */
  appToken?: string;
  socketUrl?: () => string;
}

export interface SlackStandin {
  /** Base URL for SLACK_API_URL, ending in `/api/`. */
  apiUrl: string;
  /** A response_url for a slash command or interaction. */
  responseUrl(id: string): string;
  calls: RecordedCall[];
  responses: { id: string; body: Obj }[];
  messages: StoredMessage[];
  /** Completed file uploads (files.completeUploadExternal accepted). */
  uploads: RecordedUpload[];
  callsTo(method: string): RecordedCall[];
  /** Adds a message written by a person (for threads that the app then reads). */
  seedMessage(m: { channel: string; user: string; text: string; thread_ts?: string }): string;
  close(): Promise<void>;
}

const MAX_TEXT = 40_000;
const METHODS = new Set(['apps.connections.open', 'auth.test', 'chat.postMessage', 'chat.update', 'chat.postEphemeral', 'conversations.replies', 'views.open', 'usergroups.users.list', 'files.getUploadURLExternal', 'files.completeUploadExternal']);

export async function startSlackStandin(opts: StandinOptions): Promise<SlackStandin> {
  const calls: RecordedCall[] = [];
  const responses: { id: string; body: Obj }[] = [];
  const messages: StoredMessage[] = [];
  const uploads: RecordedUpload[] = [];
  /** Files between getUploadURLExternal and completeUploadExternal; `bytes` is set once the POST arrived. */
  const pendingFiles = new Map<string, { filename: string; length: number; bytes?: Buffer }>();
  let base = '';
  let seq = 0;
  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
  const botUserId = opts.botUserId ?? 'UBOT0001';
  const find = (channel: string, ts: string) => messages.find((m) => m.channel === channel && m.ts === ts);

  function textAndBlocks(args: Obj): string | Obj {
    if (args.text === undefined && args.blocks === undefined && args.attachments === undefined) return 'no_text';
    if (typeof args.text === 'string' && args.text.length > MAX_TEXT) return 'msg_too_long';
    if (args.blocks !== undefined) {
      const problems = validateBlocks(args.blocks, 'message');
      if (problems.length) return { error: 'invalid_blocks', response_metadata: { messages: problems } };
    }
    return {};
  }

  function call(method: string, args: Obj, token: string | undefined): Obj {
    if (!METHODS.has(method)) return { error: 'unknown_method', req_method: method };
    if (!token) return { error: 'not_authed' };
    if (method === 'apps.connections.open') {
      // Needs an app-level token; a bot token is the wrong kind (https://api.slack.com/methods/apps.connections.open).
      if (token.startsWith('xoxb-')) return { error: 'not_allowed_token_type' };
      if (token !== opts.appToken || !opts.socketUrl) return { error: 'invalid_auth' };
      return { url: opts.socketUrl() };
    }
    if (token !== opts.token) return { error: 'invalid_auth' };
    switch (method) {
      case 'auth.test':
        return { url: 'https://standin.slack.com/', team: 'Stand-in', user: 'aiops', team_id: 'T0STANDIN', user_id: botUserId, bot_id: 'B0STANDIN' };
      case 'chat.postMessage': {
        if (!args.channel) return { error: 'channel_not_found' };
        const bad = textAndBlocks(args);
        if (typeof bad === 'string' || bad.error) return typeof bad === 'string' ? { error: bad } : bad;
        const m: StoredMessage = { ts: nextTs(), channel: args.channel, bot_id: 'B0STANDIN', text: args.text ?? '', blocks: args.blocks, thread_ts: args.thread_ts };
        messages.push(m);
        return { channel: m.channel, ts: m.ts, message: { ...m, type: 'message' } };
      }
      case 'chat.update': {
        if (!args.channel) return { error: 'channel_not_found' };
        if (!args.ts) return { error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] missing required field: ts'] } };
        const m = find(args.channel, args.ts);
        if (!m) return { error: 'message_not_found' };
        if (!m.bot_id) return { error: 'cant_update_message' };
        const bad = textAndBlocks(args);
        if (typeof bad === 'string' || bad.error) return typeof bad === 'string' ? { error: bad } : bad;
        if (args.text !== undefined) m.text = args.text;
        if (args.blocks !== undefined) m.blocks = args.blocks;
        return { channel: m.channel, ts: m.ts, text: m.text };
      }
      case 'chat.postEphemeral': {
        if (!args.channel) return { error: 'channel_not_found' };
        if (!args.user) return { error: 'user_not_in_channel' };
        const bad = textAndBlocks(args);
        if (typeof bad === 'string' || bad.error) return typeof bad === 'string' ? { error: bad } : bad;
        return { message_ts: nextTs() };
      }
      case 'conversations.replies': {
        if (!args.channel) return { error: 'channel_not_found' };
        if (!args.ts) return { error: 'invalid_arguments' };
        const root = find(args.channel, args.ts);
        if (!root) return { error: 'thread_not_found' };
        const limit = Math.min(Number(args.limit ?? 1000), 1000);
        const thread = messages.filter((m) => m.channel === args.channel && (m.ts === root.ts || m.thread_ts === root.ts)).sort((a, b) => Number(a.ts) - Number(b.ts));
        return { messages: thread.slice(0, limit).map((m) => ({ type: 'message', ...m })), has_more: thread.length > limit };
      }
      case 'views.open': {
        if (!args.trigger_id) return { error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] missing required field: trigger_id'] } };
        const issued = Number(String(args.trigger_id).split('.')[0]);
        if (!Number.isFinite(issued)) return { error: 'invalid_trigger_id' };
        if (Date.now() - issued > (opts.triggerTtlMs ?? 3000)) return { error: 'expired_trigger_id' };
        const problems = validateModal(args.view);
        if (problems.length) return { error: 'invalid_arguments', response_metadata: { messages: problems } };
        return { view: { id: `V${++seq}`, hash: `${seq}.hash`, ...args.view } };
      }
      case 'files.getUploadURLExternal': {
        const length = Number(args.length);
        if (!args.filename || args.length === undefined || !Number.isInteger(length) || length < 0) {
          return { error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] missing required field: filename or length'] } };
        }
        const fileId = `F${String(++seq).padStart(8, '0')}`;
        pendingFiles.set(fileId, { filename: String(args.filename), length });
        return { upload_url: `${base}/upload/v1/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = args.files as Obj[] | undefined;
        if (!Array.isArray(files) || files.length === 0 || files.some((f) => !f || typeof f.id !== 'string')) {
          return { error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] missing required field: files'] } };
        }
        if (args.thread_ts && !args.channel_id) return { error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] thread_ts requires channel_id'] } };
        // A file id that was never handed out, or whose bytes never arrived, is not a file Slack knows.
        if (files.some((f) => !pendingFiles.get(f.id)?.bytes)) return { error: 'file_not_found' };
        const done = files.map((f) => {
          const p = pendingFiles.get(f.id)!;
          pendingFiles.delete(f.id);
          const u: RecordedUpload = { fileId: f.id, filename: p.filename, length: p.length, bytes: p.bytes!, title: f.title, channel: args.channel_id, threadTs: args.thread_ts };
          uploads.push(u);
          return { id: u.fileId, name: u.filename, title: u.title ?? u.filename, size: u.bytes.length };
        });
        return { files: done };
      }
      case 'usergroups.users.list': {
        if (!args.usergroup) return { error: 'invalid_arguments' };
        const users = opts.usergroups?.[args.usergroup];
        return users ? { users } : { error: 'no_such_subteam' };
      }
    }
    return { error: 'unknown_method' };
  }

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const bytes = await body(req);
    const raw = bytes.toString('utf8');
    const send = (o: Obj) => {
      const text = JSON.stringify(o);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(text);
    };
    const upload = /^\/upload\/v1\/(\w+)$/.exec(url.pathname);
    if (upload) {
      // Slack's upload URL answers plain text: 200 "OK - <bytes>" or 404 for an id it never issued.
      const file = pendingFiles.get(upload[1]!);
      if (!file || req.method !== 'POST') return void res.writeHead(404).end('not found');
      file.bytes = await uploadedBytes(bytes, String(req.headers['content-type'] ?? ''));
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end(`OK - ${file.bytes.length}`);
    }
    const respond = /^\/respond\/(.+)$/.exec(url.pathname);
    if (respond) {
      const payload = JSON.parse(raw || '{}') as Obj;
      const problems = payload.blocks ? validateBlocks(payload.blocks, 'message') : [];
      responses.push({ id: respond[1]!, body: payload });
      return problems.length ? send({ ok: false, error: 'invalid_blocks', response_metadata: { messages: problems } }) : send({ ok: true });
    }
    const method = /^\/api\/([\w.]+)$/.exec(url.pathname)?.[1] ?? url.pathname;
    const args = parseArgs(raw, String(req.headers['content-type'] ?? ''));
    const auth = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1] ?? args.token;
    delete args.token;
    const result = call(method, args, auth);
    const ok = !result.error;
    calls.push({ method, args, ok, ...(ok ? {} : { error: result.error }) });
    send({ ok, ...result });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/respond/${encodeURIComponent(id)}`,
    calls,
    responses,
    messages,
    uploads,
    callsTo: (method) => calls.filter((c) => c.method === method),
    seedMessage(m) {
      const ts = nextTs();
      messages.push({ ts, channel: m.channel, user: m.user, text: m.text, thread_ts: m.thread_ts });
      return ts;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The file's bytes: the whole body, or the first file part of a multipart/form-data body. */
async function uploadedBytes(raw: Buffer, type: string): Promise<Buffer> {
  if (!/multipart\/form-data/i.test(type)) return raw;
  const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
  const part = [...form.values()].find((v): v is File => typeof v !== 'string');
  return part ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
}

/** Web API arguments arrive form-encoded (objects as JSON strings) or as a JSON body. */
function parseArgs(raw: string, type: string): Obj {
  if (/application\/json/i.test(type)) return JSON.parse(raw || '{}') as Obj;
  const out: Obj = {};
  for (const [k, v] of new URLSearchParams(raw)) out[k] = /^[[{]/.test(v) ? safeJson(v) : v;
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
