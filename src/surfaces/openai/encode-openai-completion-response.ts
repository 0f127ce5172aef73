import type { ChatResponse } from '../../core/chat-response.js';
import { encodeOpenAIFinishReason } from './encode-openai-finish-reason.js';
import { encodeOpenAIUsage } from './encode-openai-usage.js';
import type { OpenAICompletion } from './openai-wire.js';

/** Legacy completion ids start with `cmpl-`; a chat upstream's `chatcmpl-…` id is renamed, keeping its tail. */
export function toOpenAICompletionId(id: string): string {
  return id.startsWith('cmpl-') ? id : `cmpl-${id.replace(/^chatcmpl-/, '')}`;
}

/** Canonical response → `text_completion` (one choice; reasoning and tool calls have no place in it). */
export function encodeOpenAICompletionResponse(response: ChatResponse): OpenAICompletion {
  return {
    id: toOpenAICompletionId(response.id),
    object: 'text_completion',
    created: response.created,
    model: response.model,
    choices: [{ text: response.content, index: 0, logprobs: null, finish_reason: encodeOpenAIFinishReason(response.finishReason) }],
    usage: encodeOpenAIUsage(response.usage),
  };
}
