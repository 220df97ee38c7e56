/**
 * Reads and validates the knowledge folder: `rules/*.yaml` and `fault-patterns/*.yaml` (also `.yml`), in file
 * name order. Fails with `CONFIG.INVALID` naming the file on the first bad file, on an id defined twice and on
 * a rule that names a fault pattern that does not exist, so a bad rule stops start-up and not an incident.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AiopsError } from '../../core/index.js';
import { UNKNOWN_PATTERN } from '../../decision/engine/fault-pattern-match.js';
import { FaultPatternSchema, RulesFileSchema, type FaultPattern, type Rule } from '../../decision/knowledge-schema.js';
import { invalid, parseKnowledgeFile } from './parse-knowledge.js';

export interface Knowledge {
  rules: Rule[];
  faultPatterns: FaultPattern[];
}

export async function loadKnowledge(dir = 'knowledge'): Promise<Knowledge> {
  const faultPatterns: FaultPattern[] = [];
  const patternFiles = new Map<string, string>();
  for (const file of await yamlFiles(join(dir, 'fault-patterns'))) {
    const pattern = parseKnowledgeFile(await readFile(file, 'utf8'), file, FaultPatternSchema);
    const other = patternFiles.get(pattern.id);
    if (other) throw invalid(file, `id: fault pattern "${pattern.id}" is already defined in ${other}`);
    patternFiles.set(pattern.id, file);
    faultPatterns.push(pattern);
  }
  const rules: Rule[] = [];
  const ruleFiles = new Map<string, string>();
  for (const file of await yamlFiles(join(dir, 'rules'))) {
    const parsed = parseKnowledgeFile(await readFile(file, 'utf8'), file, RulesFileSchema);
    parsed.rules.forEach((rule, i) => {
      const other = ruleFiles.get(rule.id);
      if (other) throw invalid(file, `rules[${i}].id: rule "${rule.id}" is already defined in ${other}`);
      const unknown = (rule.when.faultPattern ?? []).filter((id) => id !== UNKNOWN_PATTERN && !patternFiles.has(id));
      if (unknown.length > 0) {
        throw invalid(file, `rules[${i}].when.faultPattern: unknown fault pattern ${unknown.join(', ')} (known: ${[...patternFiles.keys(), UNKNOWN_PATTERN].join(', ')})`);
      }
      ruleFiles.set(rule.id, file);
      rules.push(rule);
    });
  }
  return { rules, faultPatterns };
}

async function yamlFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (cause) {
    throw new AiopsError('CONFIG.INVALID', `${dir}: cannot read the knowledge folder`, { cause, meta: { file: dir } });
  }
  return names.filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => join(dir, n));
}
