/** Loads `prompts/*.md` once, resolving `{{> _partial}}` includes; `render` fills `{{vars}}` and fails on a missing one. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AiopsError } from '../core/index.js';

export interface PromptSet {
  render(name: string, vars: Record<string, string>): string;
}

export function loadPrompts(dir = 'prompts'): PromptSet {
  const raw = new Map<string, string>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) raw.set(f.slice(0, -3), readFileSync(join(dir, f), 'utf8'));
  const expand = (name: string, depth = 0): string => {
    const text = raw.get(name);
    if (text === undefined) throw new AiopsError('CONFIG.INVALID', `prompt "${name}" not found in ${dir}/`);
    if (depth > 4) throw new AiopsError('CONFIG.INVALID', `prompt "${name}": partials nested too deeply`);
    return text.replace(/\{\{>\s*([\w-]+)\s*\}\}/g, (_m, p: string) => expand(p, depth + 1).trim());
  };
  const expanded = new Map([...raw.keys()].map((k) => [k, expand(k)]));
  return {
    render(name, vars) {
      const t = expanded.get(name);
      if (t === undefined) throw new AiopsError('CONFIG.INVALID', `prompt "${name}" not found in ${dir}/`);
      return t.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, v: string) => {
        if (!(v in vars)) throw new AiopsError('INTERNAL', `prompt "${name}" needs variable "${v}"`);
        return vars[v]!;
      });
    },
  };
}
