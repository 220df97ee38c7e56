/**
 * Turns an `Authorization` header into a Principal: static tokens (auth-tokens.ts) and, when configured, OIDC
 * JWTs (auth-oidc.ts). With neither configured every caller is ANONYMOUS (read only); whether that is allowed
 * at all is exposure.ts's decision at start-up.
 */
import { ANONYMOUS, type Principal } from './principal.js';
import { loadTokensFile, matchToken, type TokenEntry } from './auth-tokens.js';
import { createOidcVerifier, type OidcConfig, type OidcVerifier } from './auth-oidc.js';

export interface ApiAuthConfig {
  tokensFile: string | undefined;
  oidc: OidcConfig | undefined;
}

export type AuthOutcome = { ok: true; principal: Principal } | { ok: false; missing: boolean; reason: string };

export interface Authenticator {
  /** false: no tokens file and no OIDC; every request is ANONYMOUS. */
  readonly configured: boolean;
  authenticate(authorization: string | undefined): Promise<AuthOutcome>;
}

const MAX_HEADER = 8192;
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

export function authConfigured(cfg: ApiAuthConfig | undefined): boolean {
  return Boolean(cfg?.tokensFile || cfg?.oidc);
}

/** Reads the tokens file and the JWKS file now, so a bad file stops start-up (CONFIG.INVALID → exit 2). */
export function createAuthenticator(cfg: ApiAuthConfig | undefined): Authenticator {
  const tokens: TokenEntry[] = cfg?.tokensFile ? loadTokensFile(cfg.tokensFile) : [];
  const oidc: OidcVerifier | undefined = cfg?.oidc ? createOidcVerifier(cfg.oidc) : undefined;
  const configured = authConfigured(cfg);
  return {
    configured,
    async authenticate(header) {
      if (!configured) return { ok: true, principal: ANONYMOUS };
      if (!header) return { ok: false, missing: true, reason: 'no credential' };
      const m = /^Bearer +(\S+) *$/i.exec(header.length > MAX_HEADER ? '' : header);
      if (!m) return { ok: false, missing: false, reason: 'not a Bearer credential' };
      const token = m[1]!;
      if (oidc && JWT_SHAPE.test(token)) {
        const r = await oidc(token);
        if (r.ok || !tokens.length) return r.ok ? r : { ok: false, missing: false, reason: r.reason };
      }
      const principal = matchToken(tokens, token);
      return principal ? { ok: true, principal } : { ok: false, missing: false, reason: 'unknown token' };
    },
  };
}
