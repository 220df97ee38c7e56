import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAiopsError } from '../../src/core/index.js';
import { ACTION_TYPES } from '../../src/decision/engine/types.js';
import { loadKnowledge } from '../../src/stores/knowledge-fs/load-knowledge.js';

describe('loadKnowledge on the repository files', () => {
  it('loads every rule and fault pattern, with unique ids', async () => {
    const k = await loadKnowledge('knowledge');
    expect(k.rules.length).toBeGreaterThanOrEqual(10);
    expect(k.faultPatterns.map((p) => p.fault).sort()).toEqual(['cpu', 'db', 'errors', 'latency', 'memory']);
    expect(new Set(k.rules.map((r) => r.id)).size).toBe(k.rules.length);
    const used = new Set(k.rules.flatMap((r) => r.actions.map((a) => a.type)));
    expect([...used].sort()).toEqual([...ACTION_TYPES].sort());
    expect(k.rules.some((r) => Object.keys(r.when).length === 0 && r.actions.some((a) => a.type === 'ALERT') && !r.fallback)).toBe(true);
  });
});

describe('loadKnowledge on bad files', () => {
  let dir: string;
  const pattern = 'id: p1\ndescription: d\nfault: cpu\nroot: { indicators: [saturation] }\nsignature:\n  - { feature: cpu, direction: up }\n';
  const ruleFile = (id: string, extra = '') => `rules:\n  - id: ${id}\n    description: d\n${extra}    actions:\n      - { type: ALERT, priority: 1 }\n    cooldown: 5m\n`;
  const write = (path: string, text: string) => writeFile(join(dir, path), text);
  const failure = async (): Promise<Error & { code?: string }> => {
    try {
      await loadKnowledge(dir);
    } catch (e) {
      expect(isAiopsError(e)).toBe(true);
      return e as Error & { code?: string };
    }
    throw new Error('loadKnowledge accepted a bad folder');
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aiops-knowledge-'));
    await mkdir(join(dir, 'rules'));
    await mkdir(join(dir, 'fault-patterns'));
    await write('fault-patterns/p1.yaml', pattern);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a good temp folder loads (the baseline for the cases below)', async () => {
    await write('rules/a.yaml', ruleFile('a', '    when: { faultPattern: [p1, unknown] }\n'));
    await write('rules/notes.txt', 'ignored');
    const k = await loadKnowledge(dir);
    expect(k.rules.map((r) => r.id)).toEqual(['a']);
    expect(k.faultPatterns.map((p) => p.id)).toEqual(['p1']);
  });

  it('a schema problem names the file, the path in it, its line and the problem', async () => {
    await write('rules/bad.yaml', ruleFile('a', '    when:\n      severityAtLeast: huge\n'));
    const e = await failure();
    expect(e.code).toBe('CONFIG.INVALID');
    expect(e.message).toContain(join(dir, 'rules/bad.yaml'));
    expect(e.message).toMatch(/rules\[0\]\.when\.severityAtLeast \(line 5\): .*"critical"/);
  });

  it('a YAML syntax error names the file and the position', async () => {
    await write('rules/broken.yml', 'rules: [\n  - id: a\n');
    const e = await failure();
    expect(e.message).toContain('broken.yml');
    expect(e.message).toMatch(/line \d+, column \d+/);
  });

  it('a bad fault pattern names its file and path', async () => {
    await write('fault-patterns/p2.yaml', pattern.replace('id: p1', 'id: p2').replace('direction: up', 'direction: sideways'));
    const e = await failure();
    expect(e.message).toContain('p2.yaml');
    expect(e.message).toMatch(/signature\[0\]\.direction/);
  });

  it('an id defined twice names both files', async () => {
    await write('rules/a.yaml', ruleFile('same'));
    await write('rules/b.yaml', ruleFile('same'));
    const e = await failure();
    expect(e.message).toMatch(/b\.yaml: rules\[0\]\.id: rule "same" is already defined in .*a\.yaml/);
  });

  it('a rule naming an unknown fault pattern fails', async () => {
    await write('rules/a.yaml', ruleFile('a', '    when: { faultPattern: [p1, nope] }\n'));
    const e = await failure();
    expect(e.message).toMatch(/a\.yaml: rules\[0\]\.when\.faultPattern: unknown fault pattern nope/);
  });

  it('an empty file and a missing folder fail with the name', async () => {
    await write('rules/empty.yaml', '');
    expect((await failure()).message).toMatch(/empty\.yaml: \(root\): .*expected object/);
    await rm(join(dir, 'rules'), { recursive: true });
    expect((await failure()).message).toContain(join(dir, 'rules'));
  });
});
