import type { ChatResponse } from '../../core/chat-response.js';
import type { OllamaResponseOptions } from './encode-ollama-chat-response.js';
import { encodeOllamaDoneReason } from './encode-ollama-done-reason.js';
import { encodeOllamaMetrics } from './encode-ollama-metrics.js';
import { formatOllamaTimestamp } from './format-ollama-timestamp.js';
import type { OllamaGenerateChunk } from './ollama-wire.js';

/** A whole response → the single `/api/generate` object for `stream: false`. Tool calls have no place here. */
export function encodeOllamaGenerateResponse(response: ChatResponse, options: OllamaResponseOptions): OllamaGenerateChunk {
  return {
    model: options.model,
    created_at: formatOllamaTimestamp(options.createdAt),
    response: response.content,
    ...(!options.dropReasoning && response.reasoning ? { thinking: response.reasoning } : {}),
    done: true,
    done_reason: encodeOllamaDoneReason(response.finishReason),
    ...encodeOllamaMetrics(response.usage, options.timing),
  };
}
