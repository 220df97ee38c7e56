/**
 * AIOPS_LLM_ANONYMIZE: an `Llm` decorator that replaces service, host, namespace and user names with stable aliases
 * (`svc_1`, `host_2`, `ns_1`, `user_3`) in everything sent to the model (system prompt, messages, tool results, tool
 * call arguments) and restores them in everything that comes back (text, streamed deltas, tool call arguments, so
 * tools run with the real names). Aliases are stable for the life of the process: the same name, the same alias.
 */
import type { ChatMessage, ChatRequest, ChatResult, Llm } from '../../core/llm.js';

export type NameKind = 'svc' | 'host' | 'ns' | 'user';

export interface KnownNames {
  services: string[];
  hosts?: string[];
  namespaces?: string[];
  users?: string[];
}

/** Names found by their keys in text: `host.name: x`, `namespace=x`, `"user": "x"`, plus e-mails and Slack ids. */
const KEYED = /\b(host\.name|hostname|host|k8s\.namespace\.name|service\.namespace|namespace|user\.id|user|username|requestedBy|decidedBy)["']?\s*[:=]\s*["']?([A-Za-z0-9_.@-]{2,})/g;
const KEY_KIND: Record<string, NameKind> = { 'host.name': 'host', hostname: 'host', host: 'host', 'k8s.namespace.name': 'ns', 'service.namespace': 'ns', namespace: 'ns', 'user.id': 'user', user: 'user', username: 'user', requestedBy: 'user', decidedBy: 'user' };
const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;
const SLACK_ID = /\b[UW][A-Z0-9]{8,11}\b/g;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
const ALIAS = /\b(?:svc|host|ns|user)_\d+\b/g;
/** Words that are keys or values of our own vocabulary, never names. */
const NOT_NAMES = new Set(['true', 'false', 'null', 'open', 'resolved', 'agent', 'api', 'cli', 'unknown', 'anonymous', 'default']);

export interface Anonymizer {
  /** Learns names in `text` (keyed names, e-mails, ids) and returns it with every known name aliased. */
  mask(text: string): string;
  restore(text: string): string;
  learn(names: KnownNames): void;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createAnonymizer(): Anonymizer {
  const toAlias = new Map<string, string>();
  const toName = new Map<string, string>();
  const counts: Record<NameKind, number> = { svc: 0, host: 0, ns: 0, user: 0 };
  let pattern: RegExp | null = null;
  const add = (name: string, kind: NameKind) => {
    if (name.length < 2 || toAlias.has(name) || NOT_NAMES.has(name.toLowerCase()) || /^\d+$/.test(name) || /^(svc|host|ns|user)_\d+$/.test(name)) return;
    const alias = `${kind}_${++counts[kind]}`;
    toAlias.set(name, alias);
    toName.set(alias, name);
    pattern = null;
  };
  const scan = (text: string) => {
    for (const m of text.matchAll(KEYED)) add(m[2]!, KEY_KIND[m[1]!] ?? 'user');
    for (const m of text.matchAll(EMAIL)) add(m[0], 'user');
    for (const m of text.matchAll(SLACK_ID)) add(m[0], 'user');
    for (const m of text.matchAll(IPV4)) add(m[0], 'host');
  };
  const regex = () => {
    // Longest first, so `checkout-db` is not masked as `svc_1-db`; names are bounded by non-name characters.
    pattern ??= toAlias.size ? new RegExp(`(?<![\\w.@-])(?:${[...toAlias.keys()].sort((a, b) => b.length - a.length).map(escape).join('|')})(?![\\w@-]|\\.\\w)`, 'g') : null;
    return pattern;
  };
  return {
    learn(n) {
      for (const s of n.services) add(s, 'svc');
      for (const s of n.hosts ?? []) add(s, 'host');
      for (const s of n.namespaces ?? []) add(s, 'ns');
      for (const s of n.users ?? []) add(s, 'user');
    },
    mask(text) {
      scan(text);
      const re = regex();
      return re ? text.replace(re, (m) => toAlias.get(m) ?? m) : text;
    },
    restore: (text) => text.replace(ALIAS, (a) => toName.get(a) ?? a),
  };
}

function maskJson(a: Anonymizer, v: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(a.mask(JSON.stringify(v))) as Record<string, unknown>;
}

function restoreJson(a: Anonymizer, v: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(a.restore(JSON.stringify(v))) as Record<string, unknown>;
}

function maskMessage(a: Anonymizer, m: ChatMessage): ChatMessage {
  if (m.role === 'assistant') return { ...m, content: a.mask(m.content), ...(m.toolCalls ? { toolCalls: m.toolCalls.map((c) => ({ ...c, input: maskJson(a, c.input) })) } : {}) };
  return { ...m, content: a.mask(m.content) } as ChatMessage;
}

/**
 * Streams restored deltas: a delta ending in what may be the start of an alias (`svc_` or `svc_1` before `2`) is
 * held back until the next one shows where the alias ends.
 */
function restoringStream(a: Anonymizer, onToken: (d: string) => void): { push(d: string): void; end(): void } {
  let held = '';
  return {
    push(d) {
      const text = held + d;
      const cut = /(?:s|sv|svc|h|ho|hos|host|n|ns|u|us|use|user)(?:_\d*)?$/.exec(text);
      const keep = cut && (cut.index === 0 || !/\w/.test(text[cut.index - 1]!)) ? cut.index : text.length;
      held = text.slice(keep);
      if (keep > 0) onToken(a.restore(text.slice(0, keep)));
    },
    end() {
      if (held) onToken(a.restore(held));
      held = '';
    },
  };
}

/** `names()` gives the service graph's names (and any other known ones); it is asked before each model turn. */
export function anonymizingLlm(inner: Llm, names: () => Promise<KnownNames>, anonymizer: Anonymizer = createAnonymizer()): Llm {
  return {
    provider: inner.provider,
    model: inner.model,
    async chat(req: ChatRequest): Promise<ChatResult> {
      anonymizer.learn(await names().catch(() => ({ services: [] })));
      const stream = req.onToken ? restoringStream(anonymizer, req.onToken) : undefined;
      const r = await inner.chat({
        ...req,
        system: anonymizer.mask(req.system),
        messages: req.messages.map((m) => maskMessage(anonymizer, m)),
        onToken: stream ? (d) => stream.push(d) : undefined,
      });
      stream?.end();
      return { ...r, text: anonymizer.restore(r.text), toolCalls: r.toolCalls.map((c) => ({ ...c, input: restoreJson(anonymizer, c.input) })) };
    },
  };
}
