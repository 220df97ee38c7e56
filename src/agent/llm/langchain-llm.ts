/**
 * Any LangChain chat model behind our `Llm` port: `langchain-openai:<model>` (ChatOpenAI, also any OpenAI-compatible
 * server through OPENAI_BASE_URL), `langchain-anthropic:<model>` (ChatAnthropic) and `ollama:<model>` (a local model
 * through Ollama's OpenAI-compatible endpoint). Tools are bound in OpenAI function format, replies are streamed and
 * the chunks concatenated, so tool calls and usage come out exactly as LangChain aggregates them.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { ChatAnthropic } from '@langchain/anthropic';
import { ChatOpenAI } from '@langchain/openai';
import type { ChatMessage, ChatRequest, ChatResult, Llm, ToolCall } from '../../core/llm.js';

export type LangchainFlavour = 'langchain-openai' | 'langchain-anthropic' | 'ollama';

export interface LangchainLlmOptions {
  flavour: LangchainFlavour;
  model: string;
  apiKey?: string;
  baseURL?: string;
  maxRetries?: number;
  timeoutMs?: number;
  /** Tests and embedders: a ready chat model instead of one built from the options. */
  chatModel?: BaseChatModel;
}

/** Ollama's OpenAI-compatible endpoint on its default port. */
export const OLLAMA_DEFAULT_BASE_URL = 'http://127.0.0.1:11434/v1';

function buildModel(o: LangchainLlmOptions, maxTokens: number | undefined): BaseChatModel {
  if (o.chatModel) return o.chatModel;
  const common = { model: o.model, maxRetries: o.maxRetries ?? 2, timeout: o.timeoutMs ?? 60_000 };
  if (o.flavour === 'langchain-anthropic') {
    return new ChatAnthropic({ ...common, apiKey: o.apiKey ?? 'unused', anthropicApiUrl: o.baseURL, maxTokens: maxTokens ?? 2048, streaming: true });
  }
  const baseURL = o.flavour === 'ollama' ? (o.baseURL ?? OLLAMA_DEFAULT_BASE_URL) : o.baseURL;
  // A local server often needs no key; the client refuses an empty one, so send a placeholder.
  return new ChatOpenAI({ ...common, apiKey: o.apiKey ?? 'unused', configuration: { baseURL }, maxTokens, streaming: true, streamUsage: true });
}

function toLangchain(m: ChatMessage): BaseMessage {
  if (m.role === 'user') return new HumanMessage(m.content);
  if (m.role === 'tool') return new ToolMessage({ content: m.content, tool_call_id: m.toolCallId, name: m.name });
  return new AIMessage({ content: m.content, tool_calls: (m.toolCalls ?? []).map((c) => ({ id: c.id, name: c.name, args: c.input, type: 'tool_call' as const })) });
}

function textOf(content: AIMessageChunk['content']): string {
  if (typeof content === 'string') return content;
  return content.map((p) => (typeof p === 'string' ? p : p.type === 'text' || p.type === 'text_delta' ? String((p as { text?: string }).text ?? '') : '')).join('');
}

export function createLangchainLlm(o: LangchainLlmOptions): Llm {
  return {
    provider: o.flavour,
    model: o.model,
    async chat(req: ChatRequest): Promise<ChatResult> {
      const base = buildModel(o, req.maxTokens);
      const tools = req.tools.map((t) => ({ type: 'function' as const, function: { name: t.name, description: t.description, parameters: t.parameters } }));
      const runnable = tools.length && base.bindTools ? base.bindTools(tools) : base;
      const stream = await runnable.stream([new SystemMessage(req.system), ...req.messages.map(toLangchain)], { signal: req.signal });
      let acc: AIMessageChunk | undefined;
      let text = '';
      for await (const chunk of stream as AsyncIterable<AIMessageChunk>) {
        const delta = textOf(chunk.content);
        if (delta) {
          text += delta;
          req.onToken?.(delta);
        }
        acc = acc ? acc.concat(chunk) : chunk;
      }
      const toolCalls: ToolCall[] = [
        ...(acc?.tool_calls ?? []).map((c, i) => ({ id: c.id ?? `call_${i}`, name: c.name, input: (c.args ?? {}) as Record<string, unknown> })),
        // Arguments that were not JSON go to the tool runner, whose validation error tells the model so.
        ...(acc?.invalid_tool_calls ?? []).map((c, i) => ({ id: c.id ?? `invalid_${i}`, name: c.name ?? '', input: { _invalid: c.args ?? '' } })),
      ];
      const usage = { inputTokens: acc?.usage_metadata?.input_tokens ?? 0, outputTokens: acc?.usage_metadata?.output_tokens ?? 0 };
      const meta = (acc?.response_metadata ?? {}) as { finish_reason?: string; stop_reason?: string };
      return { text, toolCalls, usage, stopReason: meta.finish_reason ?? meta.stop_reason ?? (toolCalls.length ? 'tool_calls' : 'stop') };
    },
  };
}
