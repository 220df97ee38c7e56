/**
 * Runbooks (`knowledge/runbooks/*.md` with YAML front matter checked by zod at load) and a small keyword
 * search over them (BM25-like scoring on title, faults, signals and body).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { AiopsError, type KnowledgeHit } from '../../core/index.js';

const FrontMatter = z.object({ id: z.string().regex(/^[a-z0-9-]+$/), title: z.string().min(3), faults: z.array(z.string()).min(1), signals: z.array(z.string()).default([]) });

export interface Runbook extends z.output<typeof FrontMatter> {
  path: string;
  body: string;
}

export function loadRunbooks(dir = 'knowledge/runbooks'): Runbook[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md').sort();
  } catch {
    return [];
  }
  return files.map((f) => {
    const path = join(dir, f);
    const text = readFileSync(path, 'utf8');
    const m = text.match(/^---\n([\s\S]*?)\n---\n([\s\S]*)$/);
    if (!m) throw new AiopsError('CONFIG.INVALID', `${path}: a runbook starts with YAML front matter between --- lines`);
    const fm = FrontMatter.safeParse(parse(m[1]!));
    if (!fm.success) throw new AiopsError('CONFIG.INVALID', `${path}: front matter: ${fm.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return { ...fm.data, path, body: m[2]!.trim() };
  });
}

const words = (s: string) => s.toLowerCase().match(/[a-z0-9]+/g) ?? [];

export function createRunbookSearch(runbooks: Runbook[]): { search(q: string, limit?: number): Promise<KnowledgeHit[]> } {
  const docs = runbooks.map((r) => ({ r, tokens: words(`${r.title} ${r.title} ${r.faults.join(' ')} ${r.faults.join(' ')} ${r.signals.join(' ')} ${r.body}`) }));
  const df = new Map<string, number>();
  for (const d of docs) for (const w of new Set(d.tokens)) df.set(w, (df.get(w) ?? 0) + 1);
  return {
    async search(q, limit = 3) {
      const terms = [...new Set(words(q))].filter((w) => w.length > 1);
      const scored = docs.map((d) => {
        let score = 0;
        for (const t of terms) {
          const tf = d.tokens.filter((w) => w === t || (t.length > 4 && w.startsWith(t))).length;
          if (tf) score += (Math.log(1 + docs.length / (df.get(t) ?? 1)) * tf * 2.2) / (tf + 1.2);
        }
        return { d, score };
      });
      return scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score).slice(0, limit).map(({ d, score }) => ({
        id: d.r.id, title: d.r.title, path: d.r.path, score: Math.round(score * 100) / 100, excerpt: d.r.body.slice(0, 1200),
      }));
    },
  };
}
