/** What a stand-in model says on each call: scripted per test, like AI SDK's `MockLanguageModelV3`. */
export interface ScriptedTurn {
  text?: string;
  toolCalls?: { name: string; input: Record<string, unknown> }[];
  /** Respond with this HTTP status and a vendor-shaped error instead. */
  failWith?: number;
  usage?: { input: number; output: number };
}

/** A turn per call, or a function of the request body; the last turn repeats when the script runs out. */
export type Script = ScriptedTurn[] | ((body: Record<string, unknown>, call: number) => ScriptedTurn);

export function turnFor(script: Script, body: Record<string, unknown>, call: number): ScriptedTurn {
  if (typeof script === 'function') return script(body, call);
  return script[Math.min(call, script.length - 1)] ?? { text: '' };
}

/** Splits text into a few chunks so clients see real incremental deltas. */
export function chunks(s: string, n = 3): string[] {
  if (!s) return [];
  const size = Math.max(1, Math.ceil(s.length / n));
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}
