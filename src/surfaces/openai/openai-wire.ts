/**
 * OpenAI response shapes as they go on the wire (snake_case, OpenAI's own names). See
 * shared/reference/openai-api.md §1-§7. Request bodies are validated in openai-request-schemas.ts.
 */

export type OpenAIUsage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number };
  completion_tokens_details?: { reasoning_tokens: number };
  /** OpenRouter-style: the cost in USD, when the provider reported it. */
  cost?: number;
};

export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export type OpenAIToolCall = {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
};

/** Perplexity's sources, passed through as top-level fields (the Python SDK exposes them as extras). */
export type OpenAIMetadataFields = {
  citations?: string[];
  search_results?: unknown[];
};

export type OpenAIChatCompletion = OpenAIMetadataFields & {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: 0;
    message: {
      role: 'assistant';
      content: string | null;
      refusal: null;
      tool_calls?: OpenAIToolCall[];
      reasoning_content?: string;
    };
    finish_reason: OpenAIFinishReason;
    logprobs: null;
  }>;
  usage: OpenAIUsage;
};

/** One fragment of a streamed tool call: id, type and name only in the first fragment of each call. */
export type OpenAIToolCallDelta = {
  index: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments: string };
};

export type OpenAIChatDelta = {
  role?: 'assistant';
  content?: string;
  reasoning_content?: string;
  tool_calls?: OpenAIToolCallDelta[];
};

export type OpenAIChatChunk = OpenAIMetadataFields & {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: Array<{ index: 0; delta: OpenAIChatDelta; logprobs: null; finish_reason: OpenAIFinishReason | null }>;
  /** Present (null, or the totals on the last chunk) only when the client asked for include_usage. */
  usage?: OpenAIUsage | null;
};

export type OpenAICompletionChoice = {
  text: string;
  index: 0;
  logprobs: null;
  finish_reason: OpenAIFinishReason | null;
};

/** Legacy `/v1/completions`: the same object name for the whole response and for stream chunks. */
export type OpenAICompletion = {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: OpenAICompletionChoice[];
  usage?: OpenAIUsage | null;
};

export type OpenAIEmbeddingList = {
  object: 'list';
  data: Array<{ object: 'embedding'; index: number; embedding: number[] | string }>;
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
};

export type OpenAIModel = { id: string; object: 'model'; created: number; owned_by: string };

export type OpenAIModelList = { object: 'list'; data: OpenAIModel[] };

export type OpenAIErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'rate_limit_error'
  | 'server_error';

export type OpenAIErrorBody = {
  error: { message: string; type: OpenAIErrorType; param: string | null; code: string | null };
};
