/** `AIOPS_LLM` → an `Llm`: `openai:<model>`, `anthropic:<model>`, `openai-compatible:<model>` (needs OPENAI_BASE_URL). */
import { AiopsError } from '../../core/index.js';
import { createAnthropicLlm } from './anthropic-llm.js';
import type { Llm } from '../../core/llm.js';
import { createOpenAiLlm } from './openai-llm.js';
import { createLangchainLlm } from './langchain-llm.js';

export interface LlmConfig {
  provider: string;
  model: string;
  secrets: { openaiApiKey?: string; openaiBaseUrl?: string; anthropicApiKey?: string; anthropicBaseUrl?: string };
  maxRetries?: number;
}

export function createLlm(c: LlmConfig): Llm {
  const { secrets: s } = c;
  if (c.provider === 'openai') return createOpenAiLlm({ model: c.model, apiKey: s.openaiApiKey, baseURL: s.openaiBaseUrl, maxRetries: c.maxRetries });
  if (c.provider === 'openai-compatible') {
    if (!s.openaiBaseUrl) throw new AiopsError('CONFIG.INVALID', 'AIOPS_LLM=openai-compatible:<model> needs OPENAI_BASE_URL (the server’s /v1 base URL)');
    return createOpenAiLlm({ model: c.model, apiKey: s.openaiApiKey, baseURL: s.openaiBaseUrl, provider: 'openai-compatible', maxRetries: c.maxRetries });
  }
  if (c.provider === 'anthropic') return createAnthropicLlm({ model: c.model, apiKey: s.anthropicApiKey, baseURL: s.anthropicBaseUrl, maxRetries: c.maxRetries });
  // LangChain chat models (src/agent/llm/langchain-llm.ts): the same port, any model LangChain speaks to.
  if (c.provider === 'langchain-openai' || c.provider === 'ollama') return createLangchainLlm({ flavour: c.provider, model: c.model, apiKey: s.openaiApiKey, baseURL: s.openaiBaseUrl, maxRetries: c.maxRetries });
  if (c.provider === 'langchain-anthropic') return createLangchainLlm({ flavour: c.provider, model: c.model, apiKey: s.anthropicApiKey, baseURL: s.anthropicBaseUrl, maxRetries: c.maxRetries });
  throw new AiopsError('CONFIG.INVALID', `AIOPS_LLM: unknown provider "${c.provider}" (expected openai, anthropic, openai-compatible, langchain-openai, langchain-anthropic or ollama)`);
}
