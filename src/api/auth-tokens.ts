/**
 * The static bearer tokens of AIOPS_API_TOKENS_FILE: a JSON array of {id, sha256, identity, roles}. Only the
 * SHA-256 of each token is stored; a presented token is hashed and compared in constant time against every
 * entry (no early exit), so timing reveals neither which entry matched nor how much of a hash did.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AiopsError } from '../core/errors.js';
import { ROLES, type Principal, type Role } from './principal.js';

const entrySchema = z.object({
  id: z.string().min(1).max(200),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'expected 64 hex digits (printf %s "$TOKEN" | sha256sum)'),
  identity: z.string().min(1).max(200),
  roles: z.array(z.enum(ROLES)).min(1),
});
const fileSchema = z.array(entrySchema);

export interface TokenEntry {
  id: string;
  hash: Buffer;
  identity: string;
  roles: ReadonlySet<Role>;
}

const invalid = (message: string) => new AiopsError('CONFIG.INVALID', `AIOPS_API_TOKENS_FILE: ${message}`, { meta: { variables: ['AIOPS_API_TOKENS_FILE'] } });

/** Parses the file's text; throws CONFIG.INVALID naming the first problem (never echoing a hash). */
export function parseTokens(text: string): TokenEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid('not valid JSON');
  }
  const r = fileSchema.safeParse(json);
  if (!r.success) throw invalid(r.error.issues.map((i) => `[${i.path.join('.')}] ${i.message}`).join('; '));
  const ids = new Set<string>();
  const hashes = new Set<string>();
  return r.data.map((e) => {
    const hex = e.sha256.toLowerCase();
    if (ids.has(e.id)) throw invalid(`id "${e.id}" appears twice`);
    if (hashes.has(hex)) throw invalid(`entry "${e.id}" repeats another entry's token`);
    ids.add(e.id);
    hashes.add(hex);
    return { id: e.id, hash: Buffer.from(hex, 'hex'), identity: e.identity, roles: new Set(e.roles) };
  });
}

export function loadTokensFile(path: string): TokenEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw invalid(`cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseTokens(text);
}

export function sha256Hex(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The entry whose hash matches `token`, or null; every entry is compared. */
export function matchToken(entries: readonly TokenEntry[], token: string): Principal | null {
  const presented = createHash('sha256').update(token, 'utf8').digest();
  let found: TokenEntry | null = null;
  for (const e of entries) if (timingSafeEqual(presented, e.hash) && found === null) found = e;
  return found ? { credential: found.id, identity: found.identity, roles: found.roles, method: 'token' } : null;
}
