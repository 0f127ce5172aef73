import type { ChatResponse } from '../../core/chat-response.js';
import type { AnthropicContentBlock, AnthropicMessage } from './anthropic-wire.js';
import { parseToolInput, toAnthropicMessageId, toAnthropicToolUseId } from './encode-anthropic-content.js';
import { encodeAnthropicStopReason } from './encode-anthropic-stop-reason.js';
import { encodeAnthropicUsage } from './encode-anthropic-usage.js';

export type AnthropicEncodeOptions = {
  /** The client's model string: Anthropic clients expect back the name they asked for. */
  model: string;
  stopSequences: readonly string[] | undefined;
};

/**
 * Canonical response → `message`: thinking (with an empty signature: we have none to give), text, then tool_use
 * blocks with parsed input. An empty answer has no blocks, as Anthropic's own API answers.
 */
export function encodeAnthropicResponse(response: ChatResponse, options: AnthropicEncodeOptions): AnthropicMessage {
  const content: AnthropicContentBlock[] = [];
  if (response.reasoning !== undefined && response.reasoning !== '') content.push({ type: 'thinking', thinking: response.reasoning, signature: '' });
  if (response.content !== '') content.push({ type: 'text', text: response.content });
  for (const call of response.toolCalls) {
    content.push({ type: 'tool_use', id: toAnthropicToolUseId(call.id), name: call.name, input: parseToolInput(call.argumentsJson) });
  }
  const stop = encodeAnthropicStopReason(response.finishReason, {
    sawToolCall: response.toolCalls.length > 0,
    stopSequences: options.stopSequences,
  });
  return {
    id: toAnthropicMessageId(response.id),
    type: 'message',
    role: 'assistant',
    model: options.model,
    content,
    stop_reason: stop.stop_reason,
    stop_sequence: stop.stop_sequence,
    usage: encodeAnthropicUsage(response.usage),
  };
}
