import type { ChatRequest } from '../../core/chat-request.js';
import { invalidRequest } from '../../core/proxy-error.js';
import { decodeOpenAIGeneration, decodeOpenAIStreaming, requireOpenAIModel } from './decode-openai-generation.js';
import { decodeOpenAIMessages } from './decode-openai-messages.js';
import { OPENAI_CHAT_DECODED_KEYS, pickOpenAIPassthrough } from './decode-openai-passthrough.js';
import { decodeOpenAIReasoning } from './decode-openai-reasoning.js';
import { decodeOpenAIResponseFormat } from './decode-openai-response-format.js';
import { decodeOpenAIToolChoice, decodeOpenAITools } from './decode-openai-tools.js';
import { openaiChatRequestSchema } from './openai-request-schemas.js';

/** A decoded request plus what only the surface needs: whether to send a usage chunk before [DONE]. */
export type DecodedOpenAIRequest = { request: ChatRequest; includeUsage: boolean };

/** `POST /v1/chat/completions` body → canonical request, with the client's model string as-is. */
export function decodeOpenAIChatRequest(body: unknown): DecodedOpenAIRequest {
  const wire = openaiChatRequestSchema.parse(body);
  const model = requireOpenAIModel(wire.model);
  if (!wire.messages || wire.messages.length === 0) throw invalidRequest("'messages' must be a non-empty array", 'messages');
  const { stream, includeUsage } = decodeOpenAIStreaming(wire);

  const request: ChatRequest = {
    model,
    messages: decodeOpenAIMessages(wire.messages),
    stream,
    ...decodeOpenAIGeneration(wire, wire.max_completion_tokens ?? wire.max_tokens),
  };
  const tools = decodeOpenAITools(wire.tools);
  if (tools) request.tools = tools;
  const toolChoice = decodeOpenAIToolChoice(wire.tool_choice);
  if (toolChoice !== undefined) request.toolChoice = toolChoice;
  if (wire.parallel_tool_calls != null) request.parallelToolCalls = wire.parallel_tool_calls;
  const responseFormat = decodeOpenAIResponseFormat(wire.response_format);
  if (responseFormat) request.responseFormat = responseFormat;
  if (wire.top_k != null) request.topK = wire.top_k;
  const reasoning = decodeOpenAIReasoning(wire);
  if (reasoning !== undefined) request.reasoning = reasoning;
  const passthrough = pickOpenAIPassthrough(wire, { exclude: OPENAI_CHAT_DECODED_KEYS });
  if (passthrough) request.passthrough = passthrough;
  return { request, includeUsage };
}
