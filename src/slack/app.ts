/**
 * Builds the Slack app: Bolt with our HTTP receiver (mounted by src/api at POST /slack/events) and, when
 * SLACK_APP_TOKEN is set, Socket Mode as well. Listeners are registered per surface; the incident notifier
 * shares the Web API client. SLACK_API_URL points every Web API call at another base URL (a stand-in in tests).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, SocketModeReceiver, webApi, type AuthorizeResult } from '@slack/bolt';
import { AiopsError } from '../core/index.js';
import { isApprover } from './approvers.js';
import { boltLogger } from './bolt-logger.js';
import { createIncidentNotifier } from './incident-notifier.js';
import { incidentPng } from '../ops/incident-picture.js';
import { register as registerActions } from './listeners/actions/index.js';
import { register as registerCommands } from './listeners/commands/index.js';
import { register as registerEvents } from './listeners/events/index.js';
import { register as registerViews } from './listeners/views/index.js';
import { createHttpReceiver } from './receiver.js';
import type { SlackConfig, SlackDeps, SlackRuntime } from './runtime.js';
import type { IncidentNotifier } from '../core/index.js';
import { slackMetrics } from './slack-metrics.js';
import { createThreadIndex } from './thread-index.js';

export type { SlackDeps } from './runtime.js';

export interface SlackAppOptions {
  /** Incident updates within this delay are merged; default 2000 ms. */
  coalesceMs?: number;
  /** Empty HTTP 200 if a listener has not acked by then; default 2500 ms. */
  ackTimeoutMs?: number;
  /** Minimum ms between progress edits of a long answer; default 1500 ms. */
  progressIntervalMs?: number;
}

export interface SlackApp {
  /** POST /slack/events: slash commands, interactivity and the Events API, signed by Slack. */
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Connects Socket Mode when SLACK_APP_TOKEN is set; otherwise nothing to start. */
  start(): Promise<void>;
  /** Disconnects, sends pending incident updates and waits for listeners in flight. */
  stop(): Promise<void>;
  /** Resolves when every request already accepted has finished its listeners (work after the ack). */
  drain(): Promise<void>;
  notifier: IncidentNotifier;
  /** SLACK_APPROVERS check with user groups resolved: pass it as `approvers` to the actions use cases. */
  isApprover(userId: string): Promise<boolean>;
}

/** True when the configuration is enough to run the app (a bot token and a way to receive requests). */
export function slackConfigured(cfg: SlackConfig): boolean {
  return Boolean(cfg.botToken && (cfg.signingSecret || cfg.appToken));
}

export function createSlackApp(cfg: SlackConfig, deps: SlackDeps, opts: SlackAppOptions = {}): SlackApp {
  if (!cfg.botToken || !(cfg.signingSecret || cfg.appToken)) {
    throw new AiopsError('CONFIG.INVALID', 'the Slack app needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)');
  }
  const logger = deps.logger.child({ component: 'slack' });
  const metrics = slackMetrics(deps.metrics.registry);
  const clientOptions = { ...(cfg.apiUrl ? { slackApiUrl: withSlash(cfg.apiUrl) } : {}), logger: boltLogger(logger), retryConfig: { retries: 2, factor: 2, minTimeout: 200, randomize: true } };
  const client = new webApi.WebClient(cfg.botToken, clientOptions);
  const threads = createThreadIndex(deps.state);
  const notifier = createIncidentNotifier({ channel: cfg.incidentChannel, coalesceMs: opts.coalesceMs }, { client, threads, logger, metrics, picture: (incident) => incidentPng(deps.ops, incident) });
  const http = createHttpReceiver({ signingSecret: cfg.signingSecret, clock: deps.clock, logger, metrics, ackTimeoutMs: opts.ackTimeoutMs });
  const socket = cfg.appToken ? new SocketModeReceiver({ appToken: cfg.appToken, logger: boltLogger(logger) }) : undefined;
  if (socket && cfg.apiUrl) {
    // Bolt's SocketModeReceiver does not hand clientOptions to its SocketModeClient, so apps.connections.open
    // would always go to slack.com; send it to SLACK_API_URL like every other Web API call.
    (socket.client as unknown as { webClient: webApi.WebClient }).webClient = new webApi.WebClient('', { slackApiUrl: withSlash(cfg.apiUrl), headers: { Authorization: `Bearer ${cfg.appToken}` }, logger: boltLogger(logger), retryConfig: { retries: 3, factor: 1.3, randomize: true } });
  }
  const app = new App({ receiver: socket ?? http, authorize: cachedAuthorize(client, cfg.botToken), clientOptions, logger: boltLogger(logger) });
  // Bolt initialises only the receiver it is given; the HTTP one must also reach this app in Socket Mode.
  if (socket) http.init(app);
  const rt: SlackRuntime = { cfg, deps: { ...deps, logger }, threads, notifier, metrics, deciding: new Map(), progressIntervalMs: opts.progressIntervalMs ?? 1500 };
  registerCommands(app, rt);
  registerEvents(app, rt);
  registerActions(app, rt);
  registerViews(app, rt);
  app.error(async (e) => logger.error('slack listener error', { error: e }));

  return {
    handler: (req, res) => http.handle(req, res),
    async start() {
      if (socket) await app.start();
      logger.info('slack app ready', { mode: socket ? 'socket' : 'http', incidentChannel: cfg.incidentChannel ?? null });
    },
    async stop() {
      if (socket) await app.stop();
      await http.drain();
      await notifier.flush();
    },
    drain: () => http.drain(),
    notifier,
    isApprover: (userId) => isApprover(client, cfg.approvers, userId),
  };
}

/**
 * One auth.test per process for the single bot token (Bolt's own single-token path would repeat it per event
 * unless token verification runs in the constructor, where a failure has nowhere to go). A failure is not
 * cached, so a fixed token works without a restart.
 */
function cachedAuthorize(client: webApi.WebClient, botToken: string): () => Promise<AuthorizeResult> {
  let identity: Promise<AuthorizeResult> | undefined;
  return () => {
    identity ??= client.auth.test().then(
      (r) => ({ botToken, botId: r.bot_id, botUserId: r.user_id, teamId: r.team_id }),
      (e: unknown) => {
        identity = undefined;
        throw e;
      },
    );
    return identity;
  };
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);
