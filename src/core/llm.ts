/**
 * The LLM provider port (AI SDK `LanguageModelV3`, reduced): one `chat` call = one model turn. Messages are
 * provider-neutral; the adapters in src/agent/llm (the only files importing an LLM SDK) translate them.
 */

export interface ToolCall {
  /** Provider-issued id; the tool result must echo it. */
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export type ChatMessage =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string };

export interface LlmToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the input object. */
  parameters: Record<string, unknown>;
}

export interface ChatRequest {
  system: string;
  messages: ChatMessage[];
  tools: LlmToolSpec[];
  maxTokens?: number;
  /** Text deltas as they stream. */
  onToken?: (delta: string) => void;
  signal?: AbortSignal;
}

export interface ChatResult {
  text: string;
  toolCalls: ToolCall[];
  usage: { inputTokens: number; outputTokens: number };
  stopReason: string;
}

export interface Llm {
  readonly provider: string;
  readonly model: string;
  chat(req: ChatRequest): Promise<ChatResult>;
}
