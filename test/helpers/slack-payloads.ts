/**
 * Complete, valid Slack request payloads (shapes from https://api.slack.com/interactivity/slash-commands,
 * /reference/interaction-payloads and /apis/events-api), signed as Slack signs them. Builders take overrides.
 */
import { createHmac, randomBytes } from 'node:crypto';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON documents of any shape, checked field by field
type Obj = Record<string, any>;

export const TEAM = { id: 'T0STANDIN', domain: 'standin' };
export const BOT_USER = 'UBOT0001';

/** Trigger ids start with their issue time in ms, which the stand-in uses to expire them after 3 s. */
export const triggerId = () => `${Date.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(8).toString('hex')}`;
const actionTs = () => `${(Date.now() / 1000).toFixed(6)}`;

export interface SlackRequest {
  body: string;
  contentType: string;
}

export function slackCommand(o: Partial<Record<string, string>> = {}): SlackRequest & { fields: Record<string, string> } {
  const fields: Record<string, string> = {
    token: 'deprecated-verification-token',
    team_id: TEAM.id,
    team_domain: TEAM.domain,
    channel_id: 'C0OPS',
    channel_name: 'ops',
    user_id: 'U0ALICE',
    user_name: 'alice',
    command: '/aiops',
    text: 'help',
    api_app_id: 'A0AIOPS',
    is_enterprise_install: 'false',
    response_url: 'http://127.0.0.1:9/respond/unset',
    trigger_id: triggerId(),
    ...o,
  } as Record<string, string>;
  return { fields, body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' };
}

export function blockAction(o: { actionId: string; value: string; user?: string; channel?: string; messageTs?: string; responseUrl?: string; triggerId?: string; blockId?: string }): SlackRequest & { payload: Obj } {
  const user = o.user ?? 'U0ALICE';
  const channel = o.channel ?? 'C0INCIDENTS';
  const ts = o.messageTs ?? '1700000000.000100';
  const payload = {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM.id },
    api_app_id: 'A0AIOPS',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
    trigger_id: o.triggerId ?? triggerId(),
    team: TEAM,
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: 'incidents' },
    message: { type: 'message', ts, bot_id: 'B0STANDIN', text: 'action', blocks: [] },
    state: { values: {} },
    response_url: o.responseUrl ?? 'http://127.0.0.1:9/respond/unset',
    actions: [{ action_id: o.actionId, block_id: o.blockId ?? 'decision', text: { type: 'plain_text', text: 'Approve', emoji: true }, value: o.value, type: 'button', action_ts: actionTs() }],
  };
  return { payload, ...interaction(payload) };
}

export function viewSubmission(o: { callbackId: string; user?: string; values: Obj; privateMetadata?: string; viewId?: string }): SlackRequest & { payload: Obj } {
  const user = o.user ?? 'U0ALICE';
  const payload = {
    type: 'view_submission',
    team: TEAM,
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM.id },
    api_app_id: 'A0AIOPS',
    token: 'deprecated-verification-token',
    trigger_id: triggerId(),
    view: {
      id: o.viewId ?? 'V0MODAL',
      team_id: TEAM.id,
      type: 'modal',
      blocks: [],
      private_metadata: o.privateMetadata ?? '',
      callback_id: o.callbackId,
      state: { values: o.values },
      hash: '1700000000.abcdef',
      title: { type: 'plain_text', text: 'Reject action' },
      root_view_id: o.viewId ?? 'V0MODAL',
      app_id: 'A0AIOPS',
      bot_id: 'B0STANDIN',
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  return { payload, ...interaction(payload) };
}

export function eventCallback(event: Obj, o: { eventId?: string } = {}): SlackRequest & { payload: Obj } {
  const payload = {
    token: 'deprecated-verification-token',
    team_id: TEAM.id,
    api_app_id: 'A0AIOPS',
    event: { event_ts: event.ts, ...event },
    type: 'event_callback',
    event_id: o.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: TEAM.id, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(6).toString('hex')}`,
  };
  return { payload, body: JSON.stringify(payload), contentType: 'application/json' };
}

export function appMention(o: { text: string; user?: string; channel?: string; ts?: string; threadTs?: string }): Obj {
  return { type: 'app_mention', user: o.user ?? 'U0ALICE', text: `<@${BOT_USER}> ${o.text}`, ts: o.ts ?? actionTs(), channel: o.channel ?? 'C0INCIDENTS', team: TEAM.id, client_msg_id: randomBytes(8).toString('hex'), ...(o.threadTs ? { thread_ts: o.threadTs } : {}) };
}

export function directMessage(o: { text: string; user?: string; channel?: string; ts?: string; threadTs?: string; botId?: string }): Obj {
  return { type: 'message', channel: o.channel ?? 'D0ALICE', user: o.user ?? 'U0ALICE', text: o.text, ts: o.ts ?? actionTs(), channel_type: 'im', client_msg_id: randomBytes(8).toString('hex'), ...(o.threadTs ? { thread_ts: o.threadTs } : {}), ...(o.botId ? { bot_id: o.botId } : {}) };
}

export function urlVerification(challenge: string): SlackRequest {
  return { body: JSON.stringify({ token: 'deprecated-verification-token', challenge, type: 'url_verification' }), contentType: 'application/json' };
}

function interaction(payload: Obj): SlackRequest {
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: 'application/x-www-form-urlencoded' };
}

/** Slack's v0 signature headers for a body (https://api.slack.com/authentication/verifying-requests-from-slack). */
export function signedHeaders(body: string, secret: string, timestampSec = Math.floor(Date.now() / 1000)): Record<string, string> {
  const sig = createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestampSec), 'x-slack-signature': `v0=${sig}` };
}

export interface PostOptions {
  secret: string;
  timestampSec?: number;
  retryNum?: number;
  /** Overrides the computed signature (for negative tests). */
  signature?: string;
}

export async function postSlack(url: string, req: SlackRequest, o: PostOptions): Promise<{ status: number; text: string; json: Obj | null; ms: number }> {
  const headers: Record<string, string> = { 'content-type': req.contentType, ...signedHeaders(req.body, o.secret, o.timestampSec) };
  if (o.signature) headers['x-slack-signature'] = o.signature;
  if (o.retryNum !== undefined) Object.assign(headers, { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': 'http_timeout' });
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body: req.body });
  const text = await res.text();
  const ms = performance.now() - started;
  let json: Obj | null = null;
  try {
    json = text ? (JSON.parse(text) as Obj) : null;
  } catch {
    json = null;
  }
  return { status: res.status, text, json, ms };
}
