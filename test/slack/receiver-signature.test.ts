/**
 * Our request policy around Bolt's `isValidSlackRequest`: the expected signature below was computed once with
 * `printf 'v0:1764950400:<body>' | openssl dgst -sha256 -hmac shh-secret`, not by the code under test.
 */
import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/slack/receiver.js';

const SECRET = 'shh-secret';
const TS = 1764950400; // 2025-12-05T16:00:00Z
const BODY = 'token=x&team_id=T1&command=%2Faiops&text=help';
const SIGNATURE = 'v0=9dbbfc711f5ee8b74e9f5062c690d99170d24d910c9133941132480a42b4e5cf';
const headers = (ts: number | string, signature?: string) => ({ 'x-slack-request-timestamp': String(ts), ...(signature === undefined ? {} : { 'x-slack-signature': signature }) });
const at = (sec: number) => sec * 1000;

describe('Slack request signature and replay window', () => {
  it('accepts Slack’s v0 HMAC of "v0:<timestamp>:<body>" inside the window', () => {
    expect(verifySignature(SECRET, headers(TS, SIGNATURE), BODY, at(TS))).toBe('ok');
    expect(verifySignature(SECRET, headers(TS, SIGNATURE), BODY, at(TS + 300))).toBe('ok');
    expect(verifySignature(SECRET, headers(TS, SIGNATURE), BODY, at(TS - 300))).toBe('ok');
  });

  it('refuses a changed body, another secret, another version or no signature at all', () => {
    expect(verifySignature(SECRET, headers(TS, SIGNATURE), BODY.replace('help', 'helq'), at(TS))).toBe('bad_signature');
    expect(verifySignature('other-secret', headers(TS, SIGNATURE), BODY, at(TS))).toBe('bad_signature');
    expect(verifySignature(SECRET, headers(TS, SIGNATURE.replace('v0=', 'v1=')), BODY, at(TS))).toBe('bad_signature');
    // Bolt lets an unsigned ssl_check through; our policy signs every request.
    expect(verifySignature(SECRET, headers(TS), 'ssl_check=1', at(TS))).toBe('bad_signature');
  });

  it('refuses timestamps more than 5 minutes away in either direction (Bolt alone refuses only past ones)', () => {
    expect(verifySignature(SECRET, headers(TS, SIGNATURE), BODY, at(TS + 301))).toBe('stale');
    expect(verifySignature(SECRET, headers(TS, SIGNATURE), BODY, at(TS - 301))).toBe('stale');
    expect(verifySignature(SECRET, headers('1764950400.5', SIGNATURE), BODY, at(TS))).toBe('stale');
    expect(verifySignature(SECRET, headers('', SIGNATURE), BODY, at(TS))).toBe('stale');
  });
});
