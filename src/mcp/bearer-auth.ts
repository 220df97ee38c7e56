/**
 * Bearer-token check for /mcp, built to INTERFACES.md's AIOPS_API_TOKENS_FILE contract (a JSON array of
 * `{id, sha256, identity, roles}`; the token itself is never stored). It stands alone so that /mcp can switch to
 * the API's own authenticator (src/api) by passing that one as `McpHttpDeps.authenticate`: both have the shape
 * `(authorizationHeader) => caller | null`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AiopsError } from '../core/index.js';
import type { McpCaller, McpRole } from './caller.js';

const tokenEntry = z.object({
  id: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/i, 'expected the hex SHA-256 of the token'),
  identity: z.string().min(1),
  roles: z.array(z.enum(['read', 'propose', 'decide'])).min(1),
});
export type ApiTokenEntry = z.infer<typeof tokenEntry>;

export type Authenticate = (authorization: string | undefined) => Promise<Omit<McpCaller, 'transport'> | null>;

export function parseTokens(text: string, source: string): ApiTokenEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AiopsError('CONFIG.INVALID', `${source}: not valid JSON`);
  }
  const r = z.array(tokenEntry).safeParse(raw);
  if (!r.success) throw new AiopsError('CONFIG.INVALID', `${source}: ${r.error.issues.map((i) => `[${i.path.join('.')}] ${i.message}`).join('; ')}`);
  return r.data;
}

export function loadTokensFile(path: string): ApiTokenEntry[] {
  return parseTokens(readFileSync(path, 'utf8'), path);
}

export const sha256Hex = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** Compares digests in constant time, so a caller learns nothing from how long a wrong token took. */
export function bearerAuthenticator(entries: readonly ApiTokenEntry[]): Authenticate {
  const digests = entries.map((e) => ({ e, d: Buffer.from(e.sha256.toLowerCase(), 'hex') }));
  return async (authorization) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m) return null;
    const given = Buffer.from(sha256Hex(m[1]!), 'hex');
    let hit: ApiTokenEntry | null = null;
    for (const { e, d } of digests) if (d.length === given.length && timingSafeEqual(d, given)) hit = e;
    return hit ? { identity: hit.identity, roles: hit.roles as McpRole[] } : null;
  };
}
