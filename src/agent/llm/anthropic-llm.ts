/** Anthropic Messages API through the official SDK, streamed; tool results travel as `tool_result` blocks. */
import Anthropic from '@anthropic-ai/sdk';
import type { ContentBlockParam, MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import type { ChatMessage, ChatRequest, ChatResult, Llm, ToolCall } from '../../core/llm.js';

export interface AnthropicLlmOptions {
  model: string;
  apiKey?: string;
  baseURL?: string;
  maxRetries?: number;
  timeoutMs?: number;
}

export function createAnthropicLlm(opts: AnthropicLlmOptions): Llm {
  const client = new Anthropic({ apiKey: opts.apiKey ?? 'unused', baseURL: opts.baseURL, maxRetries: opts.maxRetries ?? 2, timeout: opts.timeoutMs ?? 60_000 });
  return {
    provider: 'anthropic',
    model: opts.model,
    async chat(req: ChatRequest): Promise<ChatResult> {
      const tools: Tool[] = req.tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.parameters as Tool['input_schema'] }));
      const stream = await client.messages.create(
        { model: opts.model, max_tokens: req.maxTokens ?? 2048, system: req.system, messages: toAnthropic(req.messages), ...(tools.length ? { tools } : {}), stream: true },
        { signal: req.signal },
      );
      let text = '';
      let stopReason = 'end_turn';
      const usage = { inputTokens: 0, outputTokens: 0 };
      const blocks = new Map<number, { id: string; name: string; json: string }>();
      for await (const ev of stream) {
        if (ev.type === 'message_start') {
          usage.inputTokens = ev.message.usage.input_tokens;
          usage.outputTokens = ev.message.usage.output_tokens;
        }
        else if (ev.type === 'content_block_start' && ev.content_block.type === 'tool_use') blocks.set(ev.index, { id: ev.content_block.id, name: ev.content_block.name, json: '' });
        else if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta') {
          text += ev.delta.text;
          req.onToken?.(ev.delta.text);
        } else if (ev.type === 'content_block_delta' && ev.delta.type === 'input_json_delta') {
          const b = blocks.get(ev.index);
          if (b) b.json += ev.delta.partial_json;
        } else if (ev.type === 'message_delta') {
          usage.outputTokens = ev.usage.output_tokens;
          if (ev.delta.stop_reason) stopReason = ev.delta.stop_reason;
        }
      }
      const toolCalls: ToolCall[] = [...blocks.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => ({ id: b.id, name: b.name, input: parse(b.json) }));
      return { text, toolCalls, usage, stopReason };
    },
  };
}

function parse(s: string): Record<string, unknown> {
  if (!s.trim()) return {};
  try {
    return JSON.parse(s) as Record<string, unknown>;
  } catch {
    return { _invalid: s };
  }
}

/** Anthropic wants alternating user/assistant turns; consecutive tool results merge into one user turn. */
export function toAnthropic(messages: ChatMessage[]): MessageParam[] {
  const out: MessageParam[] = [];
  for (const m of messages) {
    if (m.role === 'assistant') {
      const content: ContentBlockParam[] = [];
      if (m.content) content.push({ type: 'text', text: m.content });
      for (const c of m.toolCalls ?? []) content.push({ type: 'tool_use', id: c.id, name: c.name, input: c.input });
      out.push({ role: 'assistant', content: content.length ? content : [{ type: 'text', text: '(no text)' }] });
      continue;
    }
    const block = m.role === 'tool' ? { type: 'tool_result' as const, tool_use_id: m.toolCallId, content: m.content } : { type: 'text' as const, text: m.content };
    const last = out[out.length - 1];
    if (last && last.role === 'user' && Array.isArray(last.content)) last.content.push(block);
    else out.push({ role: 'user', content: [block] });
  }
  return out;
}
