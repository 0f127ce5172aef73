import type { ToolCall } from '../../core/chat-request.js';
import type { ChatResponse } from '../../core/chat-response.js';
import { ProxyError } from '../../core/proxy-error.js';
import { randomId } from '../../util/ids.js';
import { convertOpenAIUsage } from './convert-openai-usage.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import type { OpenAIWireEnvelope } from './openai-wire.js';
import { argumentsText, readContent } from './read-openai-message.js';
import { splitThinkTags } from './split-think-tags.js';

/** A non-stream chat completion → canonical response. */
export function decodeOpenAICompatibleResponse(
  body: OpenAIWireEnvelope,
  requestedModel: string,
  options: { thinkTags?: boolean } = {},
): ChatResponse {
  const choice = body.choices?.[0];
  if (!choice) throw new ProxyError('upstream_protocol', 'upstream response has no choices');
  const message = choice.message ?? {};
  let { text, reasoning } = readContent(message);
  if (options.thinkTags) {
    const split = splitThinkTags(text);
    text = split.text;
    reasoning += split.reasoning;
  }
  const toolCalls: ToolCall[] = (message.tool_calls ?? []).map((call) => ({
    id: call.id ?? randomId('call_', 8),
    name: call.function?.name ?? '',
    argumentsJson: argumentsText(call) || '{}',
  }));
  const response: ChatResponse = {
    id: body.id ?? randomId('chatcmpl-'),
    model: body.model ?? requestedModel,
    created: body.created ?? Math.floor(Date.now() / 1000),
    content: text,
    toolCalls,
    finishReason: mapOpenAIFinishReason(choice.finish_reason ?? 'stop', toolCalls.length > 0),
    usage: body.usage ? convertOpenAIUsage(body.usage) : {},
  };
  if (reasoning !== '') response.reasoning = reasoning;
  if (body.citations || body.search_results) {
    response.metadata = {
      ...(body.citations ? { citations: body.citations } : {}),
      ...(body.search_results ? { searchResults: body.search_results } : {}),
    };
  }
  return response;
}
