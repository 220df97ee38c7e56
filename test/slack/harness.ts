/**
 * Boots the real Slack app behind a tiny node:http server on port 0 (as src/api mounts it), against the Web
 * API stand-in and PGlite seeded with an incident and some telemetry. Tests send signed, real-shape payloads.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Action } from '../../src/core/index.js';
import { createLogger, silentLogger } from '../../src/obs/logger.js';
import { createMetrics } from '../../src/obs/metrics.js';
import type { OpsContext } from '../../src/ops/context.js';
import { createSlackApp, type SlackApp, type SlackDeps } from '../../src/slack/app.js';
import { clearApproverCache } from '../../src/slack/approvers.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import { startSlackStandin, type SlackStandin } from '../contract/slack-web-api-standin.js';
import type { ChatActions } from '../../src/ops/chat-deps.js';
import { FakeActions, FakeAsk, FakeQuery } from '../helpers/fake-chat-deps.js';
import { postSlack, type SlackRequest } from '../helpers/slack-payloads.js';
import { edgeWindow, incident, series } from '../stores/fixtures.js';

export const SECRET = 'test-signing-secret';
export const TOKEN = 'xoxb-standin-token-0001';
export const CHANNEL = 'C0INCIDENTS';
export const MIN = 60_000;

export interface Harness {
  url: string;
  standin: SlackStandin;
  slack: SlackApp;
  stores: Stores;
  ops: OpsContext;
  ask: FakeAsk;
  query: FakeQuery;
  actions: FakeActions;
  send(req: SlackRequest, o?: { retryNum?: number; timestampSec?: number; signature?: string }): ReturnType<typeof postSlack>;
  /** A message a person posts (so the stand-in holds it, as Slack would) and its ts, for the event payload. */
  userSays(m: { text: string; user?: string; channel?: string; threadTs?: string }): string;
  /** Waits for every listener already started to finish. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  actions?: Action[];
  approvers?: string[];
  withAsk?: boolean;
  deps?: Partial<SlackDeps>;
  coalesceMs?: number;
  /** Real actions use cases over the harness's stores instead of FakeActions; approvers come from the app. */
  actionsFrom?: (stores: Stores, isApprover: (user: string) => Promise<boolean>) => ChatActions;
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  clearApproverCache();
  const standin = await startSlackStandin({ token: TOKEN, usergroups: { S0APPROVERS: ['U0GROUPIE'] } });
  const stores = await openStores({ dataDir: 'memory://' });
  const now = Date.now();
  const start = Math.floor((now - 3 * 3_600_000) / MIN) * MIN;
  await stores.features.upsertWindows([...series(150, { service: 'checkout', windowStart: start }), ...series(150, { service: 'payments', windowStart: start })]);
  await stores.graph.upsertEdges([edgeWindow({ caller: 'checkout', callee: 'payments', windowStart: start + 60 * MIN })]);
  const openedAt = new Date(start + 140 * MIN).toISOString();
  await stores.incidents.save(incident({ id: 'inc-1', openedAt, firstAnomalyAt: new Date(start + 138 * MIN).toISOString() }));
  const ops: OpsContext = { features: stores.features, graph: stores.graph, incidents: stores.incidents, clock: { now: () => Date.now() }, windowMs: MIN };
  const ask = new FakeAsk((q) => ({ text: `answer to: ${q.question}`, citations: ['incident inc-1'], partials: ['partial one'] }));
  const query = new FakeQuery();
  const actions = new FakeActions(o.actions ?? []);
  // The actions use cases ask the app for approvers, and the app is built with those use cases.
  const ref: { app?: SlackApp } = {};
  const actionsPort = o.actionsFrom ? o.actionsFrom(stores, (u) => ref.app!.isApprover(u)) : actions;
  const deps: SlackDeps = {
    ops,
    ask: o.withAsk === false ? undefined : ask.fn,
    query: query.fn,
    actions: actionsPort,
    state: stores.state,
    logger: process.env.SLACK_TEST_LOG ? createLogger({ level: 'debug' }) : silentLogger,
    metrics: createMetrics(),
    clock: { now: () => Date.now() },
    ...o.deps,
  };
  const cfg = { botToken: TOKEN, signingSecret: SECRET, appToken: undefined, apiUrl: standin.apiUrl, incidentChannel: CHANNEL, approvers: o.approvers ?? ['U0ALICE', 'S0APPROVERS'] };
  const slack = createSlackApp(cfg, deps, { coalesceMs: o.coalesceMs ?? 50, progressIntervalMs: 0 });
  ref.app = slack;
  const server: Server = createServer((req, res) => {
    if (req.url === '/slack/events') void slack.handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  return {
    url,
    standin,
    slack: slack,
    stores,
    ops,
    ask,
    query,
    actions,
    userSays: (m) => standin.seedMessage({ channel: m.channel ?? CHANNEL, user: m.user ?? 'U0ALICE', text: m.text, thread_ts: m.threadTs }),
    send: (req, so = {}) => postSlack(url, req, { secret: SECRET, ...so }),
    settle: () => slack.drain(),
    async close() {
      await slack.stop();
      await new Promise<void>((r) => server.close(() => r()));
      await standin.close();
      await stores.close();
    },
  };
}

/** Polls until `check` returns a value (not undefined/false) or the time is up. */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
