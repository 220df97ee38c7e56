/**
 * Bolt receiver that plugs into our own node:http server at POST /slack/events (Bolt's HTTPReceiver wants to
 * own the server). Built from Bolt's own pieces — `bufferIncomingMessage` (raw-body with a limit),
 * `isValidSlackRequest` (HMAC-SHA256, constant-time compare), the retry-header readers and response builders —
 * behind our policy, which is stricter than Bolt's in three places: the 5-minute replay window holds in both
 * directions (Bolt refuses only old timestamps), ssl_check is signed too (Bolt lets it through unsigned), and
 * redelivered requests (X-Slack-Retry-Num, double submits) are dropped by a stable key before any listener runs.
 * The HTTP answer is the listener's ack(); if none comes within `ackTimeoutMs` an empty 200 goes out, because
 * Slack shows an error to the user after 3 s. https://api.slack.com/authentication/verifying-requests-from-slack
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions as bolt, isRawBodyError, isValidSlackRequest, type App, type Receiver, type ReceiverEvent } from '@slack/bolt';
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
  const ts = /^\d{1,12}$/.test(tsHeader) ? Number(tsHeader) : NaN;
  // Our window first: Bolt's check refuses only timestamps in the past, a future one would pass it.
  if (!Number.isFinite(ts) || Math.abs(nowMs / 1000 - ts) > REPLAY_WINDOW_S) return 'stale';
  const signature = headers['x-slack-signature'];
  if (typeof signature !== 'string' || !secret) return 'bad_signature';
  const headersForBolt = { 'x-slack-signature': signature, 'x-slack-request-timestamp': ts };
  return isValidSlackRequest({ signingSecret: secret, body, headers: headersForBolt, nowMilliseconds: nowMs }) ? 'ok' : 'bad_signature';
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
    if (typeof raw === 'number') return reply(res, raw, { error: raw === 413 ? 'body too large' : 'unreadable body' });
    const verdict = verifySignature(opts.signingSecret, req.headers, raw, clock.now());
    if (verdict !== 'ok') {
      metrics.requests.inc({ kind: 'unknown', outcome: verdict });
      logger.warn('slack request refused', { reason: verdict });
      return reply(res, 401, { error: verdict === 'stale' ? 'stale or missing timestamp' : 'invalid signature' });
    }
    const body = parseBody(raw, String(req.headers['content-type'] ?? ''));
    if (!body) return reply(res, 400, { error: 'unreadable body' });
    if (body.ssl_check) return bolt.buildSSLCheckResponse(res);
    if (body.type === 'url_verification') return bolt.buildUrlVerificationResponse(res, { challenge: String(body.challenge ?? '') });
    if (!app) return reply(res, 503, { error: 'slack app not initialised' });
    const kind = kindOf(body);
    const key = dedupeKey(body);
    if (key && !seen.add(key)) {
      metrics.requests.inc({ kind, outcome: 'duplicate' });
      res.setHeader('x-slack-no-retry', '1');
      return bolt.buildNoBodyResponse(res, 200);
    }
    metrics.requests.inc({ kind, outcome: 'accepted' });

    let acked = false;
    let answered!: () => void;
    const sent = new Promise<void>((r) => (answered = r));
    const respond = (status: number, payload?: unknown) => {
      if (acked) return;
      acked = true;
      clearTimeout(timer);
      if (status === 200) bolt.buildContentResponse(res, payload);
      else bolt.buildNoBodyResponse(res, status);
      metrics.ackSeconds.observe({ kind }, (performance.now() - started) / 1000);
      answered();
    };
    const timer = setTimeout(() => {
      logger.warn('slack listener did not ack in time; answered empty', { kind, ackTimeoutMs });
      respond(200);
    }, ackTimeoutMs);
    const event: ReceiverEvent = {
      body,
      retryNum: bolt.extractRetryNumFromHTTPRequest(req),
      retryReason: bolt.extractRetryReasonFromHTTPRequest(req),
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

/** The raw body as text (Bolt's raw-body reader with our limit), or the HTTP status to refuse it with. */
async function readBody(req: IncomingMessage, max: number): Promise<string | number> {
  try {
    return (await bolt.bufferIncomingMessage(req, max)).rawBody.toString('utf8');
  } catch (e) {
    if (isRawBodyError(e)) return e.statusCode === 413 ? 413 : 400;
    throw e;
  }
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
