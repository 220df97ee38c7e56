/** The pieces of the API gate on their own: tokens file parsing and matching, exposure, Host allow-list. */
import { describe, expect, it } from 'vitest';
import { matchToken, parseTokens } from '../../src/api/auth-tokens.js';
import { exposureProblem, hostAllowList, isLoopback } from '../../src/api/exposure.js';

// Any 64 hex digits: only the format matters to the parser.
const TOK1 = 'd8e1bf1ab1fd5a2c4bdde4bb1b0d12b4d2b1f5b2ad8cfc1bd85c37a1e2c0f26e';
const entry = (o: Record<string, unknown> = {}) => ({ id: 'a', sha256: TOK1, identity: 'U1', roles: ['read'], ...o });

describe('tokens file', () => {
  it('matches a token by its SHA-256 and returns the entry identity and roles', async () => {
    const { createHash } = await import('node:crypto');
    const real = createHash('sha256').update('tok-1').digest('hex');
    const entries = parseTokens(JSON.stringify([entry({ sha256: real.toUpperCase(), roles: ['read', 'decide'] }), entry({ id: 'b', sha256: 'f'.repeat(64), identity: 'U2' })]));
    const p = matchToken(entries, 'tok-1');
    expect(p).toMatchObject({ credential: 'a', identity: 'U1', method: 'token' });
    expect([...p!.roles]).toEqual(['read', 'decide']);
    expect(matchToken(entries, 'tok-2')).toBeNull();
    expect(matchToken(entries, '')).toBeNull();
  });

  it.each([
    ['not JSON', '[{', 'not valid JSON'],
    ['not an array', '{}', 'expected array'],
    ['a short hash', JSON.stringify([entry({ sha256: 'abc' })]), '64 hex digits'],
    ['an unknown role', JSON.stringify([entry({ roles: ['admin'] })]), '[0.roles.0]'],
    ['no roles', JSON.stringify([entry({ roles: [] })]), '[0.roles]'],
    ['a repeated id', JSON.stringify([entry(), entry({ sha256: 'e'.repeat(64) })]), 'id "a" appears twice'],
    ['a repeated token', JSON.stringify([entry(), entry({ id: 'b' })]), 'repeats another entry'],
  ])('refuses %s naming AIOPS_API_TOKENS_FILE', (_n, text, message) => {
    expect(() => parseTokens(text)).toThrow(/AIOPS_API_TOKENS_FILE/);
    expect(() => parseTokens(text)).toThrow(message);
  });
});

describe('exposure', () => {
  it.each([
    ['127.0.0.1', true], ['127.1.2.3', true], ['::1', true], ['[::1]', true], ['localhost', true],
    ['0.0.0.0', false], ['::', false], ['10.0.0.5', false], ['example.com', false],
  ])('%s is loopback: %s', (host, loopback) => expect(isLoopback(host)).toBe(loopback));

  it('refuses beyond loopback only without authentication and without AIOPS_INSECURE_API', () => {
    expect(exposureProblem('0.0.0.0', undefined)).toContain('AIOPS_API_TOKENS_FILE');
    expect(exposureProblem('0.0.0.0', { tokensFile: '/t.json', oidc: undefined })).toBeNull();
    expect(exposureProblem('0.0.0.0', { tokensFile: undefined, oidc: undefined, insecure: true })).toBeNull();
    expect(exposureProblem('127.0.0.1', undefined)).toBeNull();
  });
});

describe('Host allow-list', () => {
  const allowed = hostAllowList('0.0.0.0', ['aiops.internal']);
  it.each([
    ['localhost:8080', true], ['127.0.0.1', true], ['[::1]:8080', true], ['AIOPS.internal:443', true],
    ['0.0.0.0:8080', false], ['evil.example', false], ['aiops.internal.evil.example', false], ['', false], [undefined, false],
  ])('Host %s → %s', (host, ok) => expect(allowed(host)).toBe(ok));

  it('adds a specific bind address, and * turns the check off', () => {
    expect(hostAllowList('10.0.0.5', undefined)('10.0.0.5:8080')).toBe(true);
    expect(hostAllowList('127.0.0.1', ['*'])('anything.example')).toBe(true);
  });
});
