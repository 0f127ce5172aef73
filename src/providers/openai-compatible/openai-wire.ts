/**
 * The OpenAI chat-completions wire format as the OpenAI-compatible family sends it back. Only the fields we read are
 * typed; everything is optional because vendors differ (Mistral content arrays, Groq x_groq, DeepSeek cache fields).
 */

export type OpenAIWireUsage = {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
  /** DeepSeek */
  prompt_cache_hit_tokens?: number;
  /** OpenRouter: USD (credits) */
  cost?: number;
};

export type OpenAIWireToolCall = {
  index?: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string | Record<string, unknown> };
};

/** Mistral returns content as chunks for reasoning models. */
export type MistralContentChunk =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: Array<{ type: string; text?: string }> }
  | { type: string; [key: string]: unknown };

export type OpenAIWireMessage = {
  role?: string;
  content?: string | MistralContentChunk[] | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  tool_calls?: OpenAIWireToolCall[] | null;
};

export type OpenAIWireChoice = {
  index?: number;
  message?: OpenAIWireMessage;
  delta?: OpenAIWireMessage;
  text?: string;
  finish_reason?: string | null;
};

export type OpenAIWireError = { message?: unknown; type?: string; code?: unknown; param?: unknown; metadata?: unknown };

/** A non-stream response, a stream chunk, or a legacy completion: the same envelope. */
export type OpenAIWireEnvelope = {
  id?: string;
  model?: string;
  created?: number;
  choices?: OpenAIWireChoice[];
  usage?: OpenAIWireUsage | null;
  x_groq?: { usage?: OpenAIWireUsage; error?: OpenAIWireError };
  citations?: string[];
  search_results?: unknown[];
  /** In-band stream error (OpenRouter, and some gateways). */
  error?: OpenAIWireError;
};

export type OpenAIWireEmbeddingResponse = {
  model?: string;
  data?: Array<{ index?: number; embedding?: number[] }>;
  usage?: { prompt_tokens?: number };
};
