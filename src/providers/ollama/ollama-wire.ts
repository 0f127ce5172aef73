/**
 * What a real Ollama server sends and accepts on its native API (shared/reference/ollama-api.md §3-§8). Response
 * types are loose on purpose: only the fields the codecs read are declared, and every one is optional, because an
 * upstream that omits a field must not crash the decoder (Go's `omitempty` drops zero counts, for one).
 */

/** A tool call as Ollama sends and expects it: `arguments` is a JSON object, never a string. */
export type OllamaWireToolCall = {
  /** Ollama >= 0.12.10 (PR #12956). */
  id?: string;
  function?: { index?: number; name?: string; arguments?: Record<string, unknown> | string };
};

export type OllamaWireMessage = {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  thinking?: string;
  /** Plain base64, no `data:` prefix (Go decodes it into []byte). */
  images?: string[];
  tool_calls?: Array<{ id?: string; function: { index?: number; name: string; arguments: Record<string, unknown> } }>;
  tool_name?: string;
  tool_call_id?: string;
};

export type OllamaWireTool = {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
};

/** `think`: a bool, or a level that only gpt-oss honours. */
export type OllamaWireThink = boolean | 'low' | 'medium' | 'high';

export type OllamaWireOptions = {
  temperature?: number;
  top_p?: number;
  top_k?: number;
  seed?: number;
  stop?: string[];
  num_predict?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
};

export type OllamaWireChatBody = {
  model: string;
  messages: OllamaWireMessage[];
  stream: boolean;
  tools?: OllamaWireTool[];
  format?: 'json' | Record<string, unknown>;
  think?: OllamaWireThink;
  options?: OllamaWireOptions;
};

export type OllamaWireGenerateBody = {
  model: string;
  prompt: string;
  suffix?: string;
  system?: string;
  stream: boolean;
  format?: 'json' | Record<string, unknown>;
  think?: OllamaWireThink;
  options?: OllamaWireOptions;
};

/** Metrics shared by chat, generate and embed answers: counts are omitted when zero, durations are nanoseconds. */
export type OllamaWireMetrics = {
  total_duration?: number;
  load_duration?: number;
  prompt_eval_count?: number;
  prompt_eval_duration?: number;
  eval_count?: number;
  eval_duration?: number;
};

/**
 * One `/api/chat` or `/api/generate` object: a stream line or the whole non-stream answer. Chat carries `message`,
 * generate carries `response` and `thinking` at the top level. A line with `error` is an in-band failure.
 */
export type OllamaWireChunk = OllamaWireMetrics & {
  model?: string;
  created_at?: string;
  message?: { role?: string; content?: string; thinking?: string; tool_calls?: OllamaWireToolCall[] };
  response?: string;
  thinking?: string;
  tool_calls?: OllamaWireToolCall[];
  done?: boolean;
  done_reason?: string;
  error?: unknown;
};

export type OllamaWireEmbedResponse = OllamaWireMetrics & {
  model?: string;
  embeddings?: number[][];
};

export type OllamaWireModelDetails = {
  parent_model?: string;
  format?: string;
  family?: string;
  families?: string[] | null;
  parameter_size?: string;
  quantization_level?: string;
};

export type OllamaWireListedModel = {
  name?: string;
  model?: string;
  modified_at?: string;
  size?: number;
  digest?: string;
  details?: OllamaWireModelDetails;
  /** Newer servers list capabilities here too; /api/show always has them. */
  capabilities?: string[];
};

export type OllamaWireTagsResponse = { models?: OllamaWireListedModel[] | null };

export type OllamaWireShowResponse = {
  details?: OllamaWireModelDetails;
  /** GGUF metadata: `general.architecture`, `<arch>.context_length`, `<arch>.embedding_length`… */
  model_info?: Record<string, unknown> | null;
  capabilities?: string[] | null;
  parameters?: string;
};
