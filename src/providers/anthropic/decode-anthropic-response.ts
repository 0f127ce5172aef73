import type { ToolCall } from '../../core/chat-request.js';
import type { ChatResponse } from '../../core/chat-response.js';
import { ProxyError } from '../../core/proxy-error.js';
import { randomId } from '../../util/ids.js';
import type { AnthropicWireBlock, AnthropicWireMessage } from './anthropic-wire.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';
import type { ThinkingLayoutItem } from './thinking-memory.js';

/**
 * A non-stream Message → canonical response: text blocks joined, thinking blocks → reasoning, tool_use → tool calls
 * (input re-serialised as JSON text). Redacted thinking and server-tool blocks have no canonical form and are skipped.
 */
export function decodeAnthropicResponse(body: AnthropicWireMessage, requestedModel: string): ChatResponse {
  if (body.type !== undefined && body.type !== 'message') {
    throw new ProxyError('upstream_protocol', `Anthropic answered with a '${String(body.type)}' object instead of a message`);
  }
  let content = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  for (const block of body.content ?? []) {
    switch (block.type) {
      case 'text':
        content += block.text ?? '';
        break;
      case 'thinking':
        reasoning += block.thinking ?? '';
        break;
      case 'tool_use':
        toolCalls.push({ id: block.id ?? randomId('toolu_'), name: block.name ?? '', argumentsJson: JSON.stringify(block.input ?? {}) });
        break;
      default:
        break;
    }
  }
  const response: ChatResponse = {
    id: body.id ?? randomId('msg_'),
    model: body.model ?? requestedModel,
    created: Math.floor(Date.now() / 1000),
    content,
    toolCalls,
    finishReason: mapAnthropicStopReason(body.stop_reason),
    usage: body.usage ? convertAnthropicUsage(body.usage) : {},
  };
  if (reasoning !== '') response.reasoning = reasoning;
  return response;
}

/** The signed thinking and tool calls of a response, in order, for the thinking memory. */
export function thinkingLayoutOf(blocks: readonly AnthropicWireBlock[]): ThinkingLayoutItem[] {
  const layout: ThinkingLayoutItem[] = [];
  for (const block of blocks) {
    if (block.type === 'thinking' && typeof block.signature === 'string' && block.signature !== '') {
      layout.push({ type: 'thinking', thinking: block.thinking ?? '', signature: block.signature });
    } else if (block.type === 'redacted_thinking' && typeof block.data === 'string') {
      layout.push({ type: 'redacted_thinking', data: block.data });
    } else if (block.type === 'tool_use' && typeof block.id === 'string') {
      layout.push({ type: 'tool_use', id: block.id });
    }
  }
  return layout;
}
