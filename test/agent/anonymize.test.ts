/** AIOPS_LLM_ANONYMIZE: the model sees aliases only; tools run with real names; the answer names them again. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymizingLlm, createAnonymizer } from '../../src/agent/llm/anonymize.js';
import type { ChatRequest, ChatResult, Llm } from '../../src/core/llm.js';
import { ask } from '../../src/ops/ask.js';
import { openAgentFixture, type AgentFixture } from './agent-fixture.js';

describe('anonymizer', () => {
  it('gives stable aliases, longest name first, and restores them', () => {
    const a = createAnonymizer();
    a.learn({ services: ['checkout', 'checkout-db'] });
    expect(a.mask('checkout calls checkout-db')).toBe('svc_1 calls svc_2');
    expect(a.mask('again checkout')).toBe('again svc_1');
    expect(a.mask('{"host.name":"node-7.prod.internal","namespace":"shop","user":"alice@example.com"}')).toBe('{"host.name":"host_1","namespace":"ns_1","user":"user_1"}');
    expect(a.mask('asked by U02ABCDEF12 from 10.1.2.3 in shop')).toBe('asked by user_2 from host_2 in ns_1');
    expect(a.restore('svc_2 is slow; ns_1 on host_1, ask user_1')).toBe('checkout-db is slow; shop on node-7.prod.internal, ask alice@example.com');
    // Names inside longer words stay as they are.
    expect(a.mask('checkouts and precheckout')).toBe('checkouts and precheckout');
  });

  it('restores aliases split across streamed deltas', async () => {
    const inner: Llm = {
      provider: 'test', model: 'm',
      async chat(req: ChatRequest): Promise<ChatResult> {
        for (const d of ['The cause is s', 'vc_', '1', '2 and svc_1.', '']) req.onToken?.(d);
        return { text: 'The cause is svc_12 and svc_1.', toolCalls: [], usage: { inputTokens: 1, outputTokens: 1 }, stopReason: 'stop' };
      },
    };
    const names = Array.from({ length: 12 }, (_, i) => `service-${i + 1}`);
    const llm = anonymizingLlm(inner, async () => ({ services: names }));
    let streamed = '';
    const r = await llm.chat({ system: 's', messages: [{ role: 'user', content: 'hi' }], tools: [], onToken: (d) => (streamed += d) });
    expect(r.text).toBe('The cause is service-12 and service-1.');
    expect(streamed).toBe('The cause is service-12 and service-1.');
  });
});

describe('the agent with AIOPS_LLM_ANONYMIZE=true', () => {
  let f: AgentFixture;
  beforeAll(async () => {
    f = await openAgentFixture();
  });
  afterAll(async () => {
    await f?.close();
  });

  it('sends no service name to the model, runs the tool with the real name and answers with it', async () => {
    const seen: string[] = [];
    const model: Llm = {
      provider: 'test', model: 'scripted',
      async chat(req) {
        seen.push(JSON.stringify(req));
        const last = req.messages[req.messages.length - 1]!;
        if (last.role === 'user') {
          const alias = /svc_\d+/.exec(last.content)![0];
          return { text: '', toolCalls: [{ id: 'c1', name: 'run_rca', input: { service: alias, minutes: 30 } }], usage: { inputTokens: 10, outputTokens: 5 }, stopReason: 'tool_calls' };
        }
        const top = /"service":"(svc_\d+)"/.exec(last.content)![1];
        return { text: `The root cause is ${top}.`, toolCalls: [], usage: { inputTokens: 10, outputTokens: 5 }, stopReason: 'stop' };
      },
    };
    const deps = f.agent({ llm: model, config: { anonymize: true } });
    const answer = await ask(deps, { question: 'why is checkout slow?', user: 'U02ABCDEF12', thread: [] });
    expect(answer.text).toContain(`The root cause is ${f.scenario.faulty}.`);
    expect(seen).toHaveLength(2);
    for (const name of [...f.scenario.services, 'payments-db', 'U02ABCDEF12']) {
      for (const req of seen) expect(req).not.toMatch(new RegExp(`\\b${name}\\b(?!-)`));
    }
    // The tool result the model read was the real analysis, aliased.
    expect(seen[1]).toMatch(/rootCauses\W+service\W+svc_\d+/);
  });
});
