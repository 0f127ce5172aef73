/**
 * Ollama response shapes as they go on the wire (snake_case, Ollama's own names). See
 * shared/reference/ollama-api.md §3-§8. Request bodies are validated in ollama-request-schemas.ts.
 */

export type OllamaToolCall = {
  id: string;
  function: { index: number; name: string; arguments: Record<string, unknown> };
};

export type OllamaDoneReason = 'stop' | 'length' | 'load' | 'unload';

/** Durations are integer nanoseconds; counts are omitted when the upstream did not report them. */
export type OllamaMetrics = {
  total_duration: number;
  load_duration: number;
  prompt_eval_count?: number;
  prompt_eval_duration: number;
  eval_count?: number;
  eval_duration: number;
};

export type OllamaAssistantMessage = {
  role: 'assistant';
  content: string;
  thinking?: string;
  tool_calls?: OllamaToolCall[];
};

type OllamaChunkHead = { model: string; created_at: string };

export type OllamaChatChunk = OllamaChunkHead & {
  message: OllamaAssistantMessage;
  done: boolean;
  done_reason?: OllamaDoneReason;
} & Partial<OllamaMetrics>;

export type OllamaGenerateChunk = OllamaChunkHead & {
  response: string;
  thinking?: string;
  done: boolean;
  done_reason?: OllamaDoneReason;
} & Partial<OllamaMetrics>;

export type OllamaErrorBody = { error: string };

export type OllamaModelDetails = {
  parent_model: string;
  format: string;
  family: string;
  families: string[];
  parameter_size: string;
  quantization_level: string;
};

export type OllamaListedModel = {
  name: string;
  model: string;
  modified_at: string;
  size: number;
  digest: string;
  details: OllamaModelDetails;
  capabilities: string[];
};

export type OllamaTagsResponse = { models: OllamaListedModel[] };

export type OllamaShowResponse = {
  modelfile: string;
  parameters: string;
  template: string;
  details: OllamaModelDetails;
  model_info: Record<string, string | number>;
  capabilities: string[];
  modified_at: string;
};

export type OllamaEmbedResponse = {
  model: string;
  embeddings: number[][];
  total_duration: number;
  load_duration: number;
  prompt_eval_count?: number;
};

export type OllamaEmbeddingsResponse = { embedding: number[] };
