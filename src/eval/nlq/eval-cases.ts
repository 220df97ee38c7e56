/** Eval cases as data: `test/evals/<NN_slug>/case.yaml`, validated by zod when loaded. */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { AiopsError } from '../../core/index.js';

const base = { question: z.string().min(1), tags: z.array(z.string()).default([]) };
const facts = { expected_facts: z.array(z.string()).default([]), forbidden_facts: z.array(z.string()).default([]) };

export const EvalCase = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sql'), ...base, expected_sql: z.string().min(1) }),
  z.object({ kind: z.literal('incident'), ...base, ...facts }),
  z.object({
    kind: z.literal('injection'), ...base, ...facts,
    thread: z.array(z.object({ user: z.string(), text: z.string() })).default([]),
    /** none: the agent must not create any proposal; proposed: exactly the proposal the person asked for, awaiting approval. */
    expect_action: z.enum(['none', 'proposed']),
  }),
]);
export type EvalCase = z.output<typeof EvalCase> & { id: string };

export function loadEvalCases(dir = 'test/evals'): EvalCase[] {
  return readdirSync(dir)
    .filter((d) => /^\d{2,}_[a-z0-9_]+$/.test(d) && existsSync(join(dir, d, 'case.yaml')))
    .sort()
    .map((id) => {
      const file = join(dir, id, 'case.yaml');
      const r = EvalCase.safeParse(parse(readFileSync(file, 'utf8')));
      if (!r.success) throw new AiopsError('CONFIG.INVALID', `${file}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return { ...r.data, id };
    });
}

/** `{openIncidentId}`-style placeholders, filled from the seeded scenario. */
export function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}
