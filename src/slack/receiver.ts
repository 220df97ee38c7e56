/**
 * Bolt receiver that plugs into our own node:http server at POST /slack/events (Bolt's HTTPReceiver wants to
 * own the server). It checks Slack's request signature with the 5-minute replay window, answers ssl_check and
 * url_verification itself, drops redelivered requests (X-Slack-Retry-Num, double submits) by a stable key and
 * hands everything else to `app.processEvent`. The HTTP answer is the listener's ack(); if none comes within
 * `ackTimeoutMs` an empty 200 goes out, because Slack shows an error to the user after 3 s.
 * https://api.slack.com/authentication/verifying-requests-from-slack
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Clock } from '../core/index.js';
import type { Logger } from '../obs/logger.js';
import { createDedupe } from './dedupe.js';
import type { SlackMetrics } from './slack-metrics.js';

export interface HttpReceiverOptions {
  signingSecret: string | undefined;
  clock: Clock;
  logger: Logger;
  metrics: SlackMetrics;
  /** Empty 200 after this long without an ack; default 2500 ms (Slack's limit is 3 s). */
  ackTimeoutMs?: number;
  maxBodyBytes?: number;
  /** How long a request key is remembered for de-duplication; default 15 min (Slack retries within ~5 min). */
  dedupeTtlMs?: number;
}

export interface HttpReceiver extends Receiver {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Resolves when every request already handed to Bolt has finished its listeners. */
  drain(): Promise<void>;
}

const REPLAY_WINDOW_S = 5 * 60;

export function verifySignature(secret: string, headers: IncomingMessage['headers'], body: string, nowMs: number): 'ok' | 'stale' | 'bad_signature' {
  const tsHeader = String(headers['x-slack-request-timestamp'] ?? '');
  const signature = String(headers['x-slack-signature'] ?? '');
  const ts = /^\d{1,12}$/.test(tsHeader) ? Number(tsHeader) : NaN;
  if (!Number.isFinite(ts) || Math.abs(nowMs / 1000 - ts) > REPLAY_WINDOW_S) return 'stale';
  const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'bad_signature';
}

export function createHttpReceiver(opts: HttpReceiverOptions): HttpReceiver {
  const { logger, metrics, clock } = opts;
  const ackTimeoutMs = opts.ackTimeoutMs ?? 2500;
  const maxBody = opts.maxBodyBytes ?? 1_048_576;
  const seen = createDedupe(opts.dedupeTtlMs ?? 15 * 60_000, clock);
  const inflight = new Set<Promise<unknown>>();
  let app: App | undefined;

  const reply = (res: ServerResponse, status: number, body?: unknown) => {
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': typeof body === 'object' ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    if (req.method !== 'POST') return reply(res, 405, { error: 'POST only' });
    if (!opts.signingSecret) return reply(res, 404, { error: 'Slack over HTTP is not configured (SLACK_SIGNING_SECRET)' });
    const raw = await readBody(req, maxBody);
    if (raw === null) return reply(res, 413, { error: 'body too large' });
    const verdict = verifySignature(opts.signingSecret, req.headers, raw, clock.now());
    if (verdict !== 'ok') {
      metrics.requests.inc({ kind: 'unknown', outcome: verdict });
      logger.warn('slack request refused', { reason: verdict });
      return reply(res, 401, { error: verdict === 'stale' ? 'stale or missing timestamp' : 'invalid signature' });
    }
    const body = parseBody(raw, String(req.headers['content-type'] ?? ''));
    if (!body) return reply(res, 400, { error: 'unreadable body' });
    if (body.ssl_check) return reply(res, 200);
    if (body.type === 'url_verification') return reply(res, 200, { challenge: String(body.challenge ?? '') });
    if (!app) return reply(res, 503, { error: 'slack app not initialised' });
    const kind = kindOf(body);
    const key = dedupeKey(body);
    if (key && !seen.add(key)) {
      metrics.requests.inc({ kind, outcome: 'duplicate' });
      res.setHeader('x-slack-no-retry', '1');
      return reply(res, 200);
    }
    metrics.requests.inc({ kind, outcome: 'accepted' });

    let acked = false;
    let answered!: () => void;
    const sent = new Promise<void>((r) => (answered = r));
    const respond = (status: number, payload?: unknown) => {
      if (acked) return;
      acked = true;
      clearTimeout(timer);
      reply(res, status, payload === undefined || payload === '' ? undefined : payload);
      metrics.ackSeconds.observe({ kind }, (performance.now() - started) / 1000);
      answered();
    };
    const timer = setTimeout(() => {
      logger.warn('slack listener did not ack in time; answered empty', { kind, ackTimeoutMs });
      respond(200);
    }, ackTimeoutMs);
    const event: ReceiverEvent = {
      body,
      retryNum: numHeader(req.headers['x-slack-retry-num']),
      retryReason: req.headers['x-slack-retry-reason'] as string | undefined,
      ack: async (response?: unknown) => respond(200, response),
    };
    const run = app
      .processEvent(event)
      .catch((e: unknown) => {
        logger.error('slack listener failed', { kind, error: e });
        // Not acknowledged yet: Slack will redeliver, and that attempt must not be dropped as a duplicate.
        if (!acked && key) seen.forget(key);
        respond(500);
      })
      .finally(() => {
        respond(200);
        inflight.delete(run);
      });
    inflight.add(run);
    await sent;
  }

  return {
    init(a: App) {
      app = a;
    },
    async start() {},
    async stop() {
      await Promise.allSettled([...inflight]);
    },
    handle,
    async drain() {
      while (inflight.size) await Promise.allSettled([...inflight]);
    },
  };
}

async function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The fields of a Slack request body the receiver looks at; the rest goes to Bolt untouched. */
interface SlackBody {
  [key: string]: unknown;
  type?: string;
  command?: string;
  ssl_check?: string;
  challenge?: string;
  event_id?: string;
  trigger_id?: string;
  actions?: { action_ts?: string }[];
  view?: { id?: string; hash?: string };
}

/** The body as an object, or null when unreadable; JSON that is not an object (`null`, `3`, `[]`) is unreadable too. */
export function parseBody(raw: string, type: string): SlackBody | null {
  try {
    if (/application\/json/i.test(type)) return asObject(JSON.parse(raw));
    const form = Object.fromEntries(new URLSearchParams(raw));
    return typeof form.payload === 'string' ? asObject(JSON.parse(form.payload)) : form;
  } catch {
    return null;
  }
}

const asObject = (v: unknown): SlackBody | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as SlackBody) : null);

function kindOf(body: SlackBody): string {
  if (body.command) return 'command';
  return typeof body.type === 'string' ? body.type : 'unknown';
}

/**
 * A key that is the same for a request and its redeliveries: event_id for the Events API; trigger_id (one
 * per user gesture) plus the action timestamp for commands, clicks and submissions.
 */
export function dedupeKey(body: SlackBody): string | undefined {
  if (body.type === 'event_callback' && body.event_id) return `event:${body.event_id}`;
  if (body.command && body.trigger_id) return `command:${body.trigger_id}`;
  if (body.type === 'block_actions' && body.trigger_id) return `action:${body.trigger_id}:${body.actions?.[0]?.action_ts ?? ''}`;
  if (body.type === 'view_submission' && body.view?.id) return `view:${body.view.id}:${body.view.hash ?? ''}:${body.trigger_id ?? ''}`;
  return undefined;
}

function numHeader(v: string | string[] | undefined): number | undefined {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isInteger(n) ? n : undefined;
}
