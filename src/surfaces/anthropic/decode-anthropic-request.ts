import type { ChatRequest, Message } from '../../core/chat-request.js';
import { invalidRequest } from '../../core/proxy-error.js';
import type { AnthropicDecodeContext } from './anthropic-decode-context.js';
import { type AnthropicMessageParam, type AnthropicMessagesRequest, anthropicMessagesRequestSchema } from './anthropic-request-schemas.js';
import { decodeAnthropicMessages, decodeAnthropicSystemText } from './decode-anthropic-messages.js';
import { decodeAnthropicOutputFormat } from './decode-anthropic-output-format.js';
import { decodeAnthropicReasoning } from './decode-anthropic-reasoning.js';
import { decodeAnthropicToolChoice, decodeAnthropicTools } from './decode-anthropic-tools.js';

/** Whether a model (the client's string) is served by an upstream that takes the Messages body as it is. */
export type NativeUpstreamProbe = (model: string) => boolean;

/** The validated wire body, for what the routes need besides the canonical request (token estimates). */
export type DecodedAnthropicRequest = { request: ChatRequest; wire: AnthropicMessagesRequest };

/** Validates the fields every Messages-shaped body has (also count_tokens, which has no max_tokens). */
export function parseAnthropicBody(body: unknown): { wire: AnthropicMessagesRequest; model: string; messages: AnthropicMessageParam[] } {
  const wire = anthropicMessagesRequestSchema.parse(body);
  if (wire.model == null || wire.model.trim() === '') throw invalidRequest('model: Field required', 'model');
  if (wire.messages == null) throw invalidRequest('messages: Field required', 'messages');
  if (wire.messages.length === 0) throw invalidRequest('messages: at least one message is required', 'messages');
  return { wire, model: wire.model, messages: wire.messages };
}

/**
 * `POST /v1/messages` body → canonical request, with the client's model string as-is. The client's body also travels
 * untouched in `native`, so an Anthropic upstream loses nothing (cache_control, thinking signatures, metadata…).
 */
export function decodeAnthropicMessagesRequest(body: unknown, servesNatively: NativeUpstreamProbe): DecodedAnthropicRequest {
  const { wire, model, messages } = parseAnthropicBody(body);
  if (wire.max_tokens == null) throw invalidRequest('max_tokens: Field required', 'max_tokens');
  let native: boolean | undefined;
  const context: AnthropicDecodeContext = { nativeUpstream: () => (native ??= servesNatively(model)) };

  const decoded: Message[] = [];
  if (wire.system != null) {
    const system = decodeAnthropicSystemText(wire.system, 'system');
    if (system !== '') decoded.push({ role: 'system', content: system });
  }
  for (const message of decodeAnthropicMessages(messages, context)) decoded.push(message);

  const request: ChatRequest = {
    model,
    messages: decoded,
    stream: wire.stream === true,
    maxTokens: wire.max_tokens,
    // The schema accepted the body, so it is a plain JSON object; the original (not zod's copy) is forwarded.
    native: { dialect: 'anthropic-messages', body: body as Record<string, unknown> },
  };
  if (wire.temperature != null) request.temperature = wire.temperature;
  if (wire.top_p != null) request.topP = wire.top_p;
  if (wire.top_k != null) request.topK = wire.top_k;
  if (wire.stop_sequences && wire.stop_sequences.length > 0) request.stop = wire.stop_sequences;
  const tools = decodeAnthropicTools(wire.tools, context);
  if (tools) request.tools = tools;
  const { toolChoice, parallelToolCalls } = decodeAnthropicToolChoice(wire.tool_choice);
  if (toolChoice !== undefined) request.toolChoice = toolChoice;
  if (parallelToolCalls !== undefined) request.parallelToolCalls = parallelToolCalls;
  const reasoning = decodeAnthropicReasoning(wire);
  if (reasoning !== undefined) request.reasoning = reasoning;
  const responseFormat = decodeAnthropicOutputFormat(wire);
  if (responseFormat) request.responseFormat = responseFormat;
  if (wire.metadata?.user_id != null) request.user = wire.metadata.user_id;
  return { request, wire };
}
