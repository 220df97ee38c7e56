/**
 * Incident threads in SLACK_INCIDENT_CHANNEL: one parent message per incident, posted when it opens and
 * edited in place as it evolves and resolves, with details and notable changes as thread replies. Changes are
 * coalesced per incident (the latest state wins) and applied one at a time, so a flapping incident costs one
 * chat.update per coalescing delay instead of a message storm (chat.update is rate-limited at Tier 3).
 */
import type { Action, Incident, IncidentNotifier } from '../core/index.js';
import type { Logger } from '../obs/logger.js';
import { actionBlocks, actionText } from './blocks/action.js';
import { incidentChanges, incidentDetailReply, incidentParentBlocks, incidentParentText } from './blocks/incident-thread.js';
import { section } from './blocks/limits.js';
import type { SlackClient } from './slack-io.js';
import type { SlackMetrics } from './slack-metrics.js';
import type { ThreadIndex } from './thread-index.js';
import { uploadPng } from './upload-png.js';

export interface NotifierOptions {
  channel: string | undefined;
  /** Delay before a change is sent, during which later changes replace it; default 2000 ms. */
  coalesceMs?: number;
}

export interface NotifierDeps {
  client: SlackClient;
  threads: ThreadIndex;
  logger: Logger;
  metrics: SlackMetrics;
  /** The incident's call-graph picture (PNG), uploaded into its thread when it opens; absent: no picture. */
  picture?: (incident: Incident) => Promise<Uint8Array | null>;
}

export function createIncidentNotifier(opts: NotifierOptions, deps: NotifierDeps): IncidentNotifier {
  const { client, threads, logger } = deps;
  const coalesceMs = opts.coalesceMs ?? 2000;
  const pending = new Map<string, { incident: Incident; timer: NodeJS.Timeout }>();
  const lastPosted = new Map<string, Incident>();
  const lastAction = new Map<string, Action>();
  const chains = new Map<string, Promise<void>>();

  /** Runs `job` after the previous job for the same incident, so posts and edits never race. */
  const serial = (id: string, job: () => Promise<void>): Promise<void> => {
    const next = (chains.get(id) ?? Promise.resolve()).then(job).catch((e: unknown) => {
      deps.metrics.apiErrors.inc({ method: 'notifier' });
      logger.error('slack incident update failed', { incidentId: id, error: e });
    });
    chains.set(id, next);
    void next.finally(() => chains.get(id) === next && chains.delete(id));
    return next;
  };

  async function send(incident: Incident): Promise<void> {
    const channel = opts.channel!;
    const ref = await threads.incident(incident.id);
    const message = { text: incidentParentText(incident), blocks: incidentParentBlocks(incident, lastAction.get(incident.id)) };
    if (!ref) {
      const posted = await client.chat.postMessage({ channel, ...message, unfurl_links: false });
      const at = { channel: posted.channel ?? channel, ts: posted.ts! };
      await threads.setIncident(incident.id, at);
      await client.chat.postMessage({ channel: at.channel, thread_ts: at.ts, text: `Details of ${incident.id}`, blocks: incidentDetailReply(incident) });
      const picture = deps.picture;
      if (picture) await uploadPng(client, { channel: at.channel, threadTs: at.ts, filename: `${incident.id}-graph.png`, title: `Call graph around ${incident.id}`, altText: `Services of ${incident.id} and their callers and callees` }, () => picture(incident), deps);
    } else {
      await client.chat.update({ channel: ref.channel, ts: ref.ts, ...message });
      const prev = lastPosted.get(incident.id);
      const changes = prev ? incidentChanges(prev, incident) : incident.status === 'resolved' ? [`:white_check_mark: resolved at ${incident.resolvedAt}`] : [];
      if (changes.length) await client.chat.postMessage({ channel: ref.channel, thread_ts: ref.ts, text: changes.join('; '), blocks: [section(changes.map((c) => `• ${c}`).join('\n'))] });
    }
    lastPosted.set(incident.id, incident);
  }

  function sendPending(id: string): Promise<void> {
    const p = pending.get(id);
    if (!p) return chains.get(id) ?? Promise.resolve();
    clearTimeout(p.timer);
    pending.delete(id);
    return serial(id, () => send(p.incident));
  }

  return {
    incidentChanged({ incident }) {
      if (!opts.channel) return;
      const existing = pending.get(incident.id);
      if (existing) existing.incident = incident;
      else pending.set(incident.id, { incident, timer: setTimeout(() => void sendPending(incident.id), coalesceMs) });
    },
    async actionChanged(action, incident) {
      lastAction.set(action.incidentId, action);
      await serial(action.incidentId, async () => {
        const known = await threads.action(action.id);
        const message = { text: actionText(action), blocks: actionBlocks(action) };
        if (known) await client.chat.update({ channel: known.channel, ts: known.ts, ...message });
        else {
          const thread = await threads.incident(action.incidentId);
          const channel = thread?.channel ?? opts.channel;
          if (!channel) return;
          const posted = await client.chat.postMessage({ channel, ...(thread ? { thread_ts: thread.ts } : {}), ...message });
          await threads.setAction(action.id, { channel: posted.channel ?? channel, ts: posted.ts! });
        }
        const thread = await threads.incident(action.incidentId);
        const current = incident ?? lastPosted.get(action.incidentId);
        if (thread && current) await client.chat.update({ channel: thread.channel, ts: thread.ts, text: incidentParentText(current), blocks: incidentParentBlocks(current, action) });
      });
    },
    async flush() {
      await Promise.all([...pending.keys()].map(sendPending));
      while (chains.size) await Promise.all([...chains.values()]);
    },
  };
}
