import type { EmbedResponse } from '../../core/chat-response.js';
import type { OllamaEmbeddingsResponse, OllamaEmbedResponse } from './ollama-wire.js';

/** `/api/embed` answer: always a list of vectors; `model` echoes the client's string. */
export function encodeOllamaEmbedResponse(
  response: EmbedResponse,
  options: { model: string; totalDurationNs: number },
): OllamaEmbedResponse {
  return {
    model: options.model,
    embeddings: response.vectors,
    total_duration: Math.max(1, options.totalDurationNs),
    load_duration: 0,
    ...(response.usage.inputTokens === undefined ? {} : { prompt_eval_count: response.usage.inputTokens }),
  };
}

/** Legacy `/api/embeddings` answer: one vector (empty when there was no prompt). */
export function encodeOllamaEmbeddingsResponse(response: EmbedResponse): OllamaEmbeddingsResponse {
  return { embedding: response.vectors[0] ?? [] };
}
