/**
 * Optional OIDC/JWT bearer tokens (jose): signature from the issuer's JWKS (a URL, fetched and cached by
 * jose, or a file), `iss`, `aud` and `exp` required and checked, asymmetric algorithms only (an `alg: none`
 * or HMAC token signed with a public key is refused). Roles come from a claim; unknown role names are ignored.
 */
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { AiopsError } from '../core/errors.js';
import { ROLES, type Principal, type Role } from './principal.js';

export interface OidcConfig {
  issuer: string;
  audience: string;
  jwksUrl: string | undefined;
  jwksFile: string | undefined;
  rolesClaim: string;
  identityClaim: string;
}

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export type OidcOutcome = { ok: true; principal: Principal } | { ok: false; reason: string };
export type OidcVerifier = (jwt: string) => Promise<OidcOutcome>;

function keySet(cfg: OidcConfig) {
  if (cfg.jwksUrl) return createRemoteJWKSet(new URL(cfg.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000 });
  try {
    return createLocalJWKSet(JSON.parse(readFileSync(cfg.jwksFile!, 'utf8')) as JSONWebKeySet);
  } catch (e) {
    throw new AiopsError('CONFIG.INVALID', `AIOPS_OIDC_JWKS_FILE: cannot read a JWKS from ${cfg.jwksFile} (${(e as Error).message})`, { meta: { variables: ['AIOPS_OIDC_JWKS_FILE'] } });
  }
}

export function rolesFrom(claim: unknown): Set<Role> {
  const names = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/\s+/) : [];
  return new Set(names.filter((n): n is Role => (ROLES as readonly unknown[]).includes(n)));
}

export function createOidcVerifier(cfg: OidcConfig): OidcVerifier {
  const keys = keySet(cfg);
  return async (jwt) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(jwt, keys, { issuer: cfg.issuer, audience: cfg.audience, algorithms: ALGORITHMS, requiredClaims: ['exp'], clockTolerance: 30 }));
    } catch (e) {
      // The reason is for the audit log; it never contains the token.
      return { ok: false, reason: e instanceof errors.JOSEError ? `jwt ${e.code}` : 'jwt verification failed' };
    }
    const identity = payload[cfg.identityClaim];
    if (typeof identity !== 'string' || !identity) return { ok: false, reason: `jwt has no "${cfg.identityClaim}" claim` };
    const credential = typeof payload.jti === 'string' ? `jwt:${payload.jti}` : `jwt:${payload.sub ?? identity}`;
    return { ok: true, principal: { credential, identity, roles: rolesFrom(payload[cfg.rolesClaim]), method: 'oidc' } };
  };
}
