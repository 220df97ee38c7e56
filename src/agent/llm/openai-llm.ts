/** OpenAI Chat Completions (and any OpenAI-compatible server) through the official SDK, streamed. */
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { ChatMessage, ChatRequest, ChatResult, Llm, ToolCall } from '../../core/llm.js';

export interface OpenAiLlmOptions {
  model: string;
  apiKey?: string;
  baseURL?: string;
  provider?: 'openai' | 'openai-compatible';
  maxRetries?: number;
  timeoutMs?: number;
}

export function createOpenAiLlm(opts: OpenAiLlmOptions): Llm {
  // A local compatible server often needs no key; the SDK refuses an empty one, so send a placeholder.
  const client = new OpenAI({ apiKey: opts.apiKey ?? 'unused', baseURL: opts.baseURL, maxRetries: opts.maxRetries ?? 2, timeout: opts.timeoutMs ?? 60_000 });
  return {
    provider: opts.provider ?? 'openai',
    model: opts.model,
    async chat(req: ChatRequest): Promise<ChatResult> {
      const tools: ChatCompletionTool[] = req.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
      const stream = await client.chat.completions.create(
        {
          model: opts.model,
          messages: [{ role: 'system', content: req.system }, ...req.messages.map(toOpenAi)],
          ...(tools.length ? { tools } : {}),
          max_completion_tokens: req.maxTokens,
          stream: true,
          stream_options: { include_usage: true },
        },
        { signal: req.signal },
      );
      let text = '';
      let stopReason = 'stop';
      const usage = { inputTokens: 0, outputTokens: 0 };
      const partial = new Map<number, { id: string; name: string; args: string }>();
      for await (const chunk of stream) {
        if (chunk.usage) {
          usage.inputTokens = chunk.usage.prompt_tokens;
          usage.outputTokens = chunk.usage.completion_tokens;
        }
        const choice = chunk.choices[0];
        if (!choice) continue;
        if (choice.delta.content) {
          text += choice.delta.content;
          req.onToken?.(choice.delta.content);
        }
        for (const tc of choice.delta.tool_calls ?? []) {
          const cur = partial.get(tc.index) ?? { id: '', name: '', args: '' };
          if (tc.id) cur.id = tc.id;
          if (tc.function?.name) cur.name += tc.function.name;
          if (tc.function?.arguments) cur.args += tc.function.arguments;
          partial.set(tc.index, cur);
        }
        if (choice.finish_reason) stopReason = choice.finish_reason;
      }
      const toolCalls: ToolCall[] = [...partial.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => ({ id: c.id, name: c.name, input: parseArgs(c.args) }));
      return { text, toolCalls, usage, stopReason };
    },
  };
}

function parseArgs(s: string): Record<string, unknown> {
  if (!s.trim()) return {};
  try {
    const v: unknown = JSON.parse(s);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { _invalid: s };
  } catch {
    // Passed on to the tool runner, whose validation error tells the model its arguments were not JSON.
    return { _invalid: s };
  }
}

function toOpenAi(m: ChatMessage): ChatCompletionMessageParam {
  if (m.role === 'user') return { role: 'user', content: m.content };
  if (m.role === 'tool') return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
  if (!m.toolCalls?.length) return { role: 'assistant', content: m.content };
  return {
    role: 'assistant',
    content: m.content || null,
    tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.input) } })),
  };
}
