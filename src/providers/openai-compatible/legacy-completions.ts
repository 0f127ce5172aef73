import type { ChatRequest } from '../../core/chat-request.js';
import type { ChatResponse } from '../../core/chat-response.js';
import type { ModelSpec } from '../../core/model-info.js';
import { ProxyError } from '../../core/proxy-error.js';
import { randomId } from '../../util/ids.js';
import { convertOpenAIUsage } from './convert-openai-usage.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import type { OpenAIWireEnvelope } from './openai-wire.js';

/** `{base}/completions` for models that only have the legacy text endpoint (gpt-3.5-turbo-instruct, davinci-002). */
export function encodeLegacyCompletionRequest(request: ChatRequest, model: ModelSpec): Record<string, unknown> {
  const prompt = request.prompt;
  if (!prompt) throw new ProxyError('unsupported', `model '${model.id}' only supports text completions (/v1/completions)`);
  const body: Record<string, unknown> = { model: model.id, prompt: prompt.text };
  if (prompt.suffix !== undefined) body.suffix = prompt.suffix;
  if (request.stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stop?.length) body.stop = request.stop;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.presencePenalty !== undefined) body.presence_penalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) body.frequency_penalty = request.frequencyPenalty;
  if (request.user !== undefined) body.user = request.user;
  return body;
}

export function decodeLegacyCompletionResponse(body: OpenAIWireEnvelope, requestedModel: string): ChatResponse {
  const choice = body.choices?.[0];
  if (!choice) throw new ProxyError('upstream_protocol', 'upstream completion has no choices');
  return {
    id: body.id ?? randomId('cmpl-'),
    model: body.model ?? requestedModel,
    created: body.created ?? Math.floor(Date.now() / 1000),
    content: choice.text ?? '',
    toolCalls: [],
    finishReason: mapOpenAIFinishReason(choice.finish_reason ?? 'stop', false),
    usage: body.usage ? convertOpenAIUsage(body.usage) : {},
  };
}
