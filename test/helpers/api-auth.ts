/** Writes an AIOPS_API_TOKENS_FILE for tests: each token's SHA-256, never the token, goes into the file. */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestToken {
  id: string;
  token: string;
  identity: string;
  roles: ('read' | 'propose' | 'decide')[];
}

/** A reader, a proposer and two deciders (U1, U2 are approvers in test/workflows/harness.ts). */
export const TOKENS: Record<'reader' | 'proposer' | 'alice' | 'bob' | 'mallory', TestToken> = {
  reader: { id: 'dash', token: 'tok-reader-0123456789abcdef', identity: 'grafana', roles: ['read'] },
  proposer: { id: 'bot', token: 'tok-proposer-0123456789abcdef', identity: 'U3', roles: ['read', 'propose'] },
  alice: { id: 'alice', token: 'tok-alice-0123456789abcdef', identity: 'U1', roles: ['read', 'propose', 'decide'] },
  bob: { id: 'bob', token: 'tok-bob-0123456789abcdef', identity: 'U2', roles: ['read', 'decide'] },
  mallory: { id: 'mallory', token: 'tok-mallory-0123456789abcdef', identity: 'U9', roles: ['read', 'propose', 'decide'] },
};

export function writeTokensFile(tokens: readonly TestToken[] = Object.values(TOKENS)): string {
  const dir = mkdtempSync(join(tmpdir(), 'aiops-tokens-'));
  const path = join(dir, 'tokens.json');
  const entries = tokens.map((t) => ({ id: t.id, sha256: createHash('sha256').update(t.token).digest('hex'), identity: t.identity, roles: t.roles }));
  writeFileSync(path, JSON.stringify(entries), { mode: 0o600 });
  return path;
}

export const bearer = (t: { token: string }): Record<string, string> => ({ authorization: `Bearer ${t.token}` });
