import type { ChatRequest } from '../../core/chat-request.js';
import { invalidRequest } from '../../core/proxy-error.js';
import type { OpenAIGenerationFields } from './openai-request-schemas.js';

/** The sampling and limit fields a chat request shares with a legacy completion request. */
export type GenerationParams = Pick<
  ChatRequest,
  'maxTokens' | 'temperature' | 'topP' | 'stop' | 'seed' | 'presencePenalty' | 'frequencyPenalty' | 'user'
>;

/** Answers a missing or empty `model` with OpenAI's own message. */
export function requireOpenAIModel(model: string | null | undefined): string {
  if (model === undefined || model === null || model.trim() === '') throw invalidRequest('you must provide a model parameter', 'model');
  return model;
}

/** Only one choice per request: n > 1 is rejected (400) rather than silently answered once. */
export function assertSingleChoice(n: number | null | undefined): void {
  if (n != null && n > 1) throw invalidRequest('n > 1 is not supported', 'n');
}

/** `stream` (default false) and `stream_options.include_usage` (a surface concern: the encoder adds the usage chunk). */
export function decodeOpenAIStreaming(body: OpenAIGenerationFields): { stream: boolean; includeUsage: boolean } {
  const stream = body.stream === true;
  return { stream, includeUsage: stream && body.stream_options?.include_usage === true };
}

function decodeStop(stop: string | string[] | null | undefined): string[] | undefined {
  if (stop === undefined || stop === null) return undefined;
  const list = (typeof stop === 'string' ? [stop] : stop).filter((item) => item !== '');
  return list.length > 0 ? list : undefined;
}

/** Shared fields → canonical params; absent and null fields stay absent. */
export function decodeOpenAIGeneration(body: OpenAIGenerationFields, maxTokens: number | null | undefined): GenerationParams {
  assertSingleChoice(body.n);
  const params: GenerationParams = {};
  if (maxTokens != null) params.maxTokens = maxTokens;
  if (body.temperature != null) params.temperature = body.temperature;
  if (body.top_p != null) params.topP = body.top_p;
  const stop = decodeStop(body.stop);
  if (stop) params.stop = stop;
  if (body.seed != null) params.seed = body.seed;
  if (body.presence_penalty != null) params.presencePenalty = body.presence_penalty;
  if (body.frequency_penalty != null) params.frequencyPenalty = body.frequency_penalty;
  if (body.user != null) params.user = body.user;
  return params;
}
