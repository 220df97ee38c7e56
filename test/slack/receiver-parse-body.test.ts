/** Found by test/fuzz: a signed JSON body that is not an object (`null`) reached dedupeKey and threw. */
import { describe, expect, it } from 'vitest';
import { dedupeKey, parseBody } from '../../src/slack/receiver.js';

describe('Slack request body parsing', () => {
  it('treats JSON that is not an object as unreadable', () => {
    expect(parseBody('null', 'application/json')).toBeNull();
    expect(parseBody('[1]', 'application/json')).toBeNull();
    expect(parseBody('3', 'application/json')).toBeNull();
    expect(parseBody('payload=null', 'application/x-www-form-urlencoded')).toBeNull();
  });

  it('still reads objects, form fields and form payloads', () => {
    expect(parseBody('{"type":"event_callback","event_id":"Ev1"}', 'application/json')).toEqual({ type: 'event_callback', event_id: 'Ev1' });
    expect(parseBody('command=%2Faiops&trigger_id=t1', 'application/x-www-form-urlencoded')).toEqual({ command: '/aiops', trigger_id: 't1' });
    const body = parseBody('payload=%7B%22type%22%3A%22block_actions%22%2C%22trigger_id%22%3A%22t2%22%7D', 'application/x-www-form-urlencoded');
    expect(body && dedupeKey(body)).toBe('action:t2:');
  });
});
