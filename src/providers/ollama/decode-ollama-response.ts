import type { ChatResponse } from '../../core/chat-response.js';
import { randomId } from '../../util/ids.js';
import { convertOllamaUsage } from './convert-ollama-usage.js';
import { decodeOllamaToolCall } from './decode-ollama-tool-call.js';
import { mapOllamaDoneReason } from './map-ollama-done-reason.js';
import type { OllamaWireChunk } from './ollama-wire.js';
import { inBandOllamaError } from './read-ollama-failure.js';

/** Ollama's RFC 3339 `created_at` → Unix seconds; now if it is missing or unreadable. */
export function ollamaCreatedSeconds(createdAt: string | undefined): number {
  const ms = createdAt === undefined ? Number.NaN : Date.parse(createdAt);
  return Math.floor((Number.isNaN(ms) ? Date.now() : ms) / 1000);
}

/**
 * A non-stream `/api/chat` answer (`message`) or `/api/generate` answer (`response`, `thinking` at the top) →
 * canonical response. Ollama has no response id, so one is made.
 */
export function decodeOllamaResponse(body: OllamaWireChunk, requestedModel: string, provider: string): ChatResponse {
  if (body.error !== undefined) throw inBandOllamaError(body.error, provider);
  const message = body.message;
  const content = message?.content ?? body.response ?? '';
  const reasoning = message?.thinking ?? body.thinking ?? '';
  const toolCalls = (message?.tool_calls ?? body.tool_calls ?? []).map(decodeOllamaToolCall);
  const response: ChatResponse = {
    id: randomId('chatcmpl-'),
    model: body.model ?? requestedModel,
    created: ollamaCreatedSeconds(body.created_at),
    content,
    toolCalls,
    finishReason: mapOllamaDoneReason(body.done_reason, toolCalls.length > 0),
    usage: convertOllamaUsage(body),
  };
  if (reasoning !== '') response.reasoning = reasoning;
  return response;
}
