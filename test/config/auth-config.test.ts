/** The API authentication settings: defaults, and OIDC needing issuer, audience and exactly one JWKS source. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';

describe('API authentication config', () => {
  it('defaults to no authentication, not insecure, metrics protected, default Host list', () => {
    expect(loadConfig({}).api).toEqual({ tokensFile: undefined, oidc: undefined, insecure: false, metricsPublic: false, allowedHosts: undefined });
  });

  it('reads the tokens file, OIDC, the opt-outs and the Host list', () => {
    const c = loadConfig({ AIOPS_API_TOKENS_FILE: '/run/t.json', AIOPS_OIDC_ISSUER: 'https://id.example/', AIOPS_OIDC_AUDIENCE: 'aiops', AIOPS_OIDC_JWKS_URL: 'https://id.example/jwks', AIOPS_INSECURE_API: 'true', AIOPS_METRICS_PUBLIC: 'true', AIOPS_ALLOWED_HOSTS: 'aiops.internal, aiops' });
    expect(c.api).toEqual({
      tokensFile: '/run/t.json',
      oidc: { issuer: 'https://id.example/', audience: 'aiops', jwksUrl: 'https://id.example/jwks', jwksFile: undefined, rolesClaim: 'roles', identityClaim: 'sub' },
      insecure: true, metricsPublic: true, allowedHosts: ['aiops.internal', 'aiops'],
    });
  });

  it.each([
    [{ AIOPS_OIDC_ISSUER: 'https://id.example/', AIOPS_OIDC_JWKS_FILE: '/k.json' }, 'both AIOPS_OIDC_ISSUER and AIOPS_OIDC_AUDIENCE'],
    [{ AIOPS_OIDC_ISSUER: 'https://id.example/', AIOPS_OIDC_AUDIENCE: 'a' }, 'exactly one of AIOPS_OIDC_JWKS_URL and AIOPS_OIDC_JWKS_FILE'],
    [{ AIOPS_OIDC_ISSUER: 'i', AIOPS_OIDC_AUDIENCE: 'a', AIOPS_OIDC_JWKS_URL: 'https://x/j', AIOPS_OIDC_JWKS_FILE: '/k.json' }, 'exactly one of'],
    [{ AIOPS_INSECURE_API: 'yes' }, 'AIOPS_INSECURE_API'],
  ])('refuses %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
