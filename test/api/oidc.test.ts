/**
 * OIDC/JWT bearer tokens through jose, with a key pair generated here: a token signed by the JWKS's key with
 * the right issuer and audience is accepted with the roles of its claim; a wrong key, issuer, audience, an
 * expired token or `alg: none` is 401. Static tokens keep working beside it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer, type ApiServer } from '../../src/api/api-server.js';
import { silentLogger } from '../../src/obs/logger.js';
import { bearer, TOKENS, writeTokensFile } from '../helpers/api-auth.js';
import { harness, MIN, type Harness } from '../workflows/harness.js';

const ISSUER = 'https://login.example.test/';
const AUDIENCE = 'otlp-aiops';
let h: Harness;
let api: ApiServer;
let base: string;
type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let key: SigningKey;
let otherKey: SigningKey;

async function jwt(claims: Record<string, unknown>, o: { key?: SigningKey; iss?: string; aud?: string; exp?: string | number } = {}) {
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuer(o.iss ?? ISSUER).setAudience(o.aud ?? AUDIENCE).setIssuedAt().setExpirationTime(o.exp ?? '5m').sign(o.key ?? key);
}
const get = (token: string, path = '/api/services') => fetch(base + path, { headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  key = pair.privateKey;
  otherKey = (await generateKeyPair('ES256')).privateKey;
  const dir = mkdtempSync(join(tmpdir(), 'aiops-jwks-'));
  writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] }));
  h = await harness();
  const ops = { features: h.stores.features, graph: h.stores.graph, incidents: h.stores.incidents, clock: h.clock, windowMs: MIN };
  api = createApiServer(
    { host: '127.0.0.1', port: 0, api: { tokensFile: writeTokensFile([TOKENS.reader]), oidc: { issuer: ISSUER, audience: AUDIENCE, jwksFile: join(dir, 'jwks.json'), jwksUrl: undefined, rolesClaim: 'roles', identityClaim: 'slack_id' } } },
    { ops, logger: silentLogger, metricsText: async () => '', ready: async () => true, actions: h.deps },
  );
  await api.start();
  base = `http://127.0.0.1:${api.port()}`;
});
afterAll(async () => {
  await api?.stop();
  await h?.close();
});

describe('OIDC bearer tokens', () => {
  it('accepts a valid token with the roles of its claim and acts as its identity claim', async () => {
    expect((await get(await jwt({ sub: 'alice@example', slack_id: 'U1', roles: ['read', 'decide'] }))).status).toBe(200);
    const proposal = await fetch(`${base}/api/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await jwt({ sub: 'carol', slack_id: 'U3', roles: 'read propose' })}`, 'content-type': 'application/json' },
      body: JSON.stringify({ incidentId: 'inc-1', type: 'ALERT', target: { service: 'checkout' } }),
    });
    expect(proposal.status).toBe(200);
    expect(((await proposal.json()) as { proposedBy: string }).proposedBy).toBe('U3');
  });

  it('a token without the role is 403', async () => {
    expect((await get(await jwt({ slack_id: 'U1', roles: ['decide'] }))).status).toBe(403);
  });

  it.each([
    ['signed by another key', () => jwt({ slack_id: 'U1', roles: ['read'] }, { key: otherKey })],
    ['from another issuer', () => jwt({ slack_id: 'U1', roles: ['read'] }, { iss: 'https://evil.example/' })],
    ['for another audience', () => jwt({ slack_id: 'U1', roles: ['read'] }, { aud: 'someone-else' })],
    ['expired an hour ago', () => jwt({ slack_id: 'U1', roles: ['read'] }, { exp: Math.floor(Date.now() / 1000) - 3600 })],
    ['without the identity claim', () => jwt({ sub: 'x', roles: ['read'] })],
    ['unsigned (alg none)', async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: ISSUER, aud: AUDIENCE, slack_id: 'U1', roles: ['read'], exp: 9999999999 })).toString('base64url')}.`],
  ])('refuses a token %s with 401', async (_n, make) => {
    const res = await get(await make());
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('static tokens work beside OIDC', async () => {
    expect((await fetch(`${base}/api/services`, { headers: bearer(TOKENS.reader) })).status).toBe(200);
  });
});
