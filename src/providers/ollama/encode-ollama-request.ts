import type { ChatRequest, ResponseFormat } from '../../core/chat-request.js';
import type { ModelSpec } from '../../core/model-info.js';
import { encodeOllamaMessages } from './encode-ollama-messages.js';
import { encodeOllamaThink } from './encode-ollama-think.js';
import type { OllamaWireChatBody, OllamaWireGenerateBody, OllamaWireOptions } from './ollama-wire.js';

/** Sampling parameters → Ollama `options`; a parameter the model rejects (catalog flags) is left out. */
export function encodeOllamaOptions(request: ChatRequest, model: ModelSpec): OllamaWireOptions | undefined {
  const drop = new Set(model.unsupportedParams ?? []);
  const options: OllamaWireOptions = {};
  if (request.temperature !== undefined && !drop.has('temperature')) options.temperature = request.temperature;
  if (request.topP !== undefined && !drop.has('topP')) options.top_p = request.topP;
  if (request.topK !== undefined && !drop.has('topK')) options.top_k = request.topK;
  if (request.seed !== undefined && !drop.has('seed')) options.seed = request.seed;
  if (request.stop?.length && !drop.has('stop')) options.stop = request.stop;
  if (request.maxTokens !== undefined) options.num_predict = request.maxTokens;
  if (request.presencePenalty !== undefined && !drop.has('presencePenalty')) options.presence_penalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined && !drop.has('frequencyPenalty')) options.frequency_penalty = request.frequencyPenalty;
  return Object.keys(options).length > 0 ? options : undefined;
}

/** `"json"` for JSON mode, the schema itself for structured output; plain text needs no field. */
export function encodeOllamaFormat(format: ResponseFormat | undefined): OllamaWireChatBody['format'] {
  if (format?.type === 'json') return 'json';
  if (format?.type === 'json-schema') return format.schema;
  return undefined;
}

/**
 * Canonical request → `/api/chat` body. Ollama has no `tool_choice`: `none` is honoured by not offering the tools,
 * `required` or a named tool cannot be enforced and are left to the model.
 */
export function encodeOllamaChatRequest(request: ChatRequest, model: ModelSpec, provider: string): OllamaWireChatBody {
  const body: OllamaWireChatBody = { model: model.id, messages: encodeOllamaMessages(request.messages, provider), stream: request.stream };
  if (request.tools?.length && request.toolChoice !== 'none') {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.parameters,
      },
    }));
  }
  const format = encodeOllamaFormat(request.responseFormat);
  if (format !== undefined) body.format = format;
  const think = encodeOllamaThink(request.reasoning, model);
  if (think !== undefined) body.think = think;
  const options = encodeOllamaOptions(request, model);
  if (options) body.options = options;
  return body;
}

/**
 * A fill-in-the-middle prompt (OpenAI `/v1/completions` with `suffix`) → `/api/generate`, the only Ollama endpoint
 * that takes a suffix. System messages become `system`; the model needs the `insert` capability (Ollama says so).
 */
export function encodeOllamaGenerateRequest(
  request: ChatRequest & { prompt: NonNullable<ChatRequest['prompt']> },
  model: ModelSpec,
): OllamaWireGenerateBody {
  const body: OllamaWireGenerateBody = { model: model.id, prompt: request.prompt.text, stream: request.stream };
  if (request.prompt.suffix !== undefined) body.suffix = request.prompt.suffix;
  const system = request.messages.flatMap((message) => (message.role === 'system' ? [message.content] : [])).join('\n');
  if (system !== '') body.system = system;
  const format = encodeOllamaFormat(request.responseFormat);
  if (format !== undefined) body.format = format;
  const think = encodeOllamaThink(request.reasoning, model);
  if (think !== undefined) body.think = think;
  const options = encodeOllamaOptions(request, model);
  if (options) body.options = options;
  return body;
}
