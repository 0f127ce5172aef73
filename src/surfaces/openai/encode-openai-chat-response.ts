import type { ChatResponse } from '../../core/chat-response.js';
import { encodeOpenAIFinishReason } from './encode-openai-finish-reason.js';
import { encodeOpenAIMetadata } from './encode-openai-metadata.js';
import { encodeOpenAIUsage } from './encode-openai-usage.js';
import type { OpenAIChatCompletion } from './openai-wire.js';

type AssistantMessage = OpenAIChatCompletion['choices'][number]['message'];

function encodeMessage(response: ChatResponse): AssistantMessage {
  const hasToolCalls = response.toolCalls.length > 0;
  const message: AssistantMessage = {
    role: 'assistant',
    content: response.content === '' && hasToolCalls ? null : response.content,
    refusal: null,
  };
  if (hasToolCalls) {
    message.tool_calls = response.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.argumentsJson },
    }));
  }
  if (response.reasoning !== undefined && response.reasoning !== '') message.reasoning_content = response.reasoning;
  return message;
}

/** Canonical response → `chat.completion` (one choice). */
export function encodeOpenAIChatResponse(response: ChatResponse): OpenAIChatCompletion {
  return {
    id: response.id,
    object: 'chat.completion',
    created: response.created,
    model: response.model,
    choices: [{ index: 0, message: encodeMessage(response), finish_reason: encodeOpenAIFinishReason(response.finishReason), logprobs: null }],
    usage: encodeOpenAIUsage(response.usage),
    ...encodeOpenAIMetadata(response.metadata),
  };
}
