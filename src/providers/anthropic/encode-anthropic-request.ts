import type { ChatRequest } from '../../core/chat-request.js';
import type { ModelSpec } from '../../core/model-info.js';
import type { AnthropicMessagesBody, AnthropicOutputConfig } from './anthropic-wire.js';
import { encodeAnthropicMessages } from './encode-anthropic-messages.js';
import { planThinking } from './encode-anthropic-thinking.js';
import { encodeAnthropicTools, forcesToolUse } from './encode-anthropic-tools.js';
import type { ThinkingMemory } from './thinking-memory.js';

/** Anthropic has no JSON mode without a schema; this is the nearest it gets. */
const JSON_INSTRUCTION = 'Respond with a single valid JSON value only: no prose, no Markdown code fences.';

/**
 * Canonical request → POST /v1/messages body.
 *
 * JSON-schema output uses `output_config.format` (structured outputs, GA in the API version we send): unlike the
 * older "forced single tool" trick it works together with thinking (which cannot be combined with a forced
 * tool_choice) and on models that reject forced tool use, and the answer arrives as plain text, as clients expect.
 *
 * Parameters Anthropic does not have (seed, presence/frequency penalties, OpenAI passthrough fields) are not sent.
 */
export function encodeAnthropicRequest(request: ChatRequest, model: ModelSpec, memory?: ThinkingMemory): AnthropicMessagesBody {
  const drop = new Set(model.unsupportedParams ?? []);
  const { system, messages } = encodeAnthropicMessages(request.messages, { model: model.id, memory });
  const { tools, tool_choice } = encodeAnthropicTools(request);
  const plan = planThinking(request, model, forcesToolUse(tool_choice));

  const body: AnthropicMessagesBody = { model: model.id, max_tokens: plan.maxTokens, messages };
  const format = request.responseFormat;
  const systemText = format?.type === 'json' ? [system, JSON_INSTRUCTION].filter(Boolean).join('\n\n') : system;
  if (systemText !== undefined) body.system = systemText;
  if (request.stream) body.stream = true;

  // With thinking on, the API only accepts the default temperature and top_k, and top_p from 0.95 up.
  const thinking = plan.thinking !== undefined;
  if (request.temperature !== undefined && !drop.has('temperature') && !thinking) {
    // OpenAI and Ollama clients use 0-2; Anthropic accepts 0-1.
    body.temperature = Math.min(Math.max(request.temperature, 0), 1);
  }
  if (request.topP !== undefined && !drop.has('topP') && (!thinking || request.topP >= 0.95)) body.top_p = request.topP;
  if (request.topK !== undefined && !drop.has('topK') && !thinking) body.top_k = request.topK;
  if (request.stop?.length && !drop.has('stop')) body.stop_sequences = request.stop;

  if (tools) body.tools = tools;
  if (tool_choice) body.tool_choice = tool_choice;
  if (plan.thinking) body.thinking = plan.thinking;

  const outputConfig: AnthropicOutputConfig = {};
  if (plan.effort) outputConfig.effort = plan.effort;
  if (format?.type === 'json-schema') outputConfig.format = { type: 'json_schema', schema: format.schema };
  if (outputConfig.effort || outputConfig.format) body.output_config = outputConfig;

  if (request.user !== undefined && request.user !== '') body.metadata = { user_id: request.user };
  return body;
}
