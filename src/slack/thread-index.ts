/**
 * Where each incident's thread and each action's message live in Slack, so updates edit them in place.
 * Kept in memory and, when a StateStore is given, written through so a restart keeps editing the same messages.
 */
import type { StateStore } from '../core/index.js';

export interface MessageRef {
  channel: string;
  ts: string;
}

export interface ThreadIndex {
  incident(id: string): Promise<MessageRef | null>;
  setIncident(id: string, ref: MessageRef): Promise<void>;
  /** The incident whose parent message is `channel`/`ts` (a thread root), if any. */
  incidentAt(ref: MessageRef): Promise<string | null>;
  action(id: string): Promise<MessageRef | null>;
  setAction(id: string, ref: MessageRef): Promise<void>;
}

export function createThreadIndex(state?: StateStore): ThreadIndex {
  const mem = new Map<string, unknown>();
  const get = async <T>(key: string): Promise<T | null> => {
    if (mem.has(key)) return mem.get(key) as T;
    const v = state ? await state.get<T>(key) : null;
    if (v !== null) mem.set(key, v);
    return v;
  };
  const put = async (key: string, value: unknown) => {
    mem.set(key, value);
    await state?.put(key, value);
  };
  return {
    incident: (id) => get<MessageRef>(`slack.incident.${id}`),
    async setIncident(id, ref) {
      await put(`slack.incident.${id}`, ref);
      await put(`slack.thread.${ref.channel}.${ref.ts}`, id);
    },
    incidentAt: (ref) => get<string>(`slack.thread.${ref.channel}.${ref.ts}`),
    action: (id) => get<MessageRef>(`slack.action.${id}`),
    setAction: (id, ref) => put(`slack.action.${id}`, ref),
  };
}
