import type { ChatResponse } from '../../core/chat-response.js';
import { encodeOllamaDoneReason } from './encode-ollama-done-reason.js';
import { encodeOllamaMetrics, type OllamaTiming } from './encode-ollama-metrics.js';
import { encodeOllamaToolCalls } from './encode-ollama-tool-calls.js';
import { formatOllamaTimestamp } from './format-ollama-timestamp.js';
import type { OllamaAssistantMessage, OllamaChatChunk } from './ollama-wire.js';

export type OllamaResponseOptions = {
  /** The client's model string, echoed back. */
  model: string;
  /** True when the client sent `think: false`. */
  dropReasoning: boolean;
  timing: OllamaTiming;
  createdAt: Date;
};

/** A whole chat response → the single `/api/chat` object for `stream: false` (shaped like a final chunk). */
export function encodeOllamaChatResponse(response: ChatResponse, options: OllamaResponseOptions): OllamaChatChunk {
  const message: OllamaAssistantMessage = { role: 'assistant', content: response.content };
  if (!options.dropReasoning && response.reasoning) message.thinking = response.reasoning;
  if (response.toolCalls.length > 0) message.tool_calls = encodeOllamaToolCalls(response.toolCalls);
  return {
    model: options.model,
    created_at: formatOllamaTimestamp(options.createdAt),
    message,
    done: true,
    done_reason: encodeOllamaDoneReason(response.finishReason),
    ...encodeOllamaMetrics(response.usage, options.timing),
  };
}
