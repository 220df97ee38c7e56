/** The stand-ins are only useful if they reject what the vendors reject: checked here over raw HTTP and via the SDKs. */
import { describe, expect, it } from 'vitest';
import { createAnthropicLlm } from '../../src/agent/llm/anthropic-llm.js';
import { createOpenAiLlm } from '../../src/agent/llm/openai-llm.js';
import { startAnthropicStandin } from './anthropic-standin.js';
import { startOpenAiStandin } from './openai-standin.js';

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('OpenAI stand-in', () => {
  it('rejects a missing model, an unknown role, a tool result without a call and an unanswered call', async () => {
    const s = await startOpenAiStandin([{ text: 'hi' }]);
    const url = `${s.baseURL}/chat/completions`;
    try {
      const cases: [unknown, RegExp][] = [
        [{ messages: [{ role: 'user', content: 'x' }] }, /must provide a model/],
        [{ model: 'm', messages: [{ role: 'human', content: 'x' }] }, /Invalid value: 'human'/],
        [{ model: 'm', messages: [{ role: 'user', content: 'x' }, { role: 'tool', tool_call_id: 'call_9', content: 'r' }] }, /must be a response to a preceeding message with 'tool_calls'/],
        [{ model: 'm', messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] }, { role: 'user', content: 'y' }] }, /must be followed by tool messages/],
      ];
      for (const [body, msg] of cases) {
        const r = await post(url, body);
        expect(r.status).toBe(400);
        const j = (await r.json()) as { error: { message: string; type: string } };
        expect(j.error.type).toBe('invalid_request_error');
        expect(j.error.message).toMatch(msg);
      }
      const ok = await post(url, { model: 'm', messages: [{ role: 'user', content: 'x' }] });
      expect(ok.status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('surfaces a vendor 400 through the SDK adapter', async () => {
    const s = await startOpenAiStandin([{ text: 'hi' }]);
    try {
      const llm = createOpenAiLlm({ model: '', baseURL: s.baseURL, maxRetries: 0 });
      await expect(llm.chat({ system: 's', messages: [{ role: 'user', content: 'x' }], tools: [] })).rejects.toThrow(/must provide a model/);
    } finally {
      await s.close();
    }
  });
});

describe('Anthropic stand-in', () => {
  const headers = { 'anthropic-version': '2023-06-01' };
  it('rejects a missing model or max_tokens, a system role, orphan tool_result and unanswered tool_use', async () => {
    const s = await startAnthropicStandin([{ text: 'hi' }]);
    const url = `${s.baseURL}/v1/messages`;
    try {
      const use = { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'f', input: {} }] };
      const cases: [unknown, RegExp][] = [
        [{ max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }, /model: Field required/],
        [{ model: 'm', messages: [{ role: 'user', content: 'x' }] }, /max_tokens: Field required/],
        [{ model: 'm', max_tokens: 10, messages: [{ role: 'system', content: 'x' }] }, /first message must use the "user" role/],
        [{ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_9', content: 'r' }] }] }, /unexpected `tool_use_id`/],
        [{ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }, use, { role: 'user', content: 'y' }] }, /without `tool_result` blocks/],
      ];
      for (const [body, msg] of cases) {
        const r = await post(url, body, headers);
        expect(r.status).toBe(400);
        const j = (await r.json()) as { type: string; error: { type: string; message: string } };
        expect(j).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
        expect(j.error.message).toMatch(msg);
      }
      const ok = await post(url, { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }, use, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'r' }] }] }, headers);
      expect(ok.status).toBe(200);
      expect((await post(url, { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })).status).toBe(400);
    } finally {
      await s.close();
    }
  });

  it('surfaces a vendor 400 through the SDK adapter', async () => {
    const s = await startAnthropicStandin([{ text: 'hi' }]);
    try {
      const llm = createAnthropicLlm({ model: '', baseURL: s.baseURL, maxRetries: 0 });
      await expect(llm.chat({ system: 's', messages: [{ role: 'user', content: 'x' }], tools: [] })).rejects.toThrow(/model: Field required/);
    } finally {
      await s.close();
    }
  });
});
