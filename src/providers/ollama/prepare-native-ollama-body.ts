import type { NativeRequest } from '../../core/chat-request.js';
import type { ModelSpec } from '../../core/model-info.js';
import { parseToolArguments } from './encode-ollama-messages.js';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Real Ollama decodes images into []byte and rejects a `data:` prefix that our surface accepted leniently. */
function plainBase64(images: unknown): unknown {
  if (!Array.isArray(images) || !images.some((image) => typeof image === 'string' && image.startsWith('data:'))) return images;
  return images.map((image: unknown) => {
    if (typeof image !== 'string' || !image.startsWith('data:')) return image;
    const comma = image.indexOf(',');
    return comma === -1 ? '' : image.slice(comma + 1);
  });
}

/** Our surface also accepts string tool arguments (as OpenAI sends them); Ollama only takes an object. */
function objectArguments(toolCalls: unknown): unknown {
  if (!Array.isArray(toolCalls)) return toolCalls;
  const stringArgs = (call: unknown): call is { function: JsonObject & { arguments: string } } =>
    isObject(call) && isObject(call.function) && typeof call.function.arguments === 'string';
  if (!toolCalls.some(stringArgs)) return toolCalls;
  return toolCalls.map((call: unknown) => {
    if (!stringArgs(call)) return call;
    const name = typeof call.function.name === 'string' ? call.function.name : '';
    return { ...call, function: { ...call.function, arguments: parseToolArguments(call.function.arguments, name) } };
  });
}

function normalizeMessage(message: unknown): unknown {
  if (!isObject(message)) return message;
  const images = plainBase64(message.images);
  const toolCalls = objectArguments(message.tool_calls);
  if (images === message.images && toolCalls === message.tool_calls) return message;
  const copy = { ...message };
  if (images !== message.images) copy.images = images;
  if (toolCalls !== message.tool_calls) copy.tool_calls = toolCalls;
  return copy;
}

/** A single `stop` string is accepted by our surface; Ollama answers `option "stop" must be of type array`. */
function normalizeOptions(options: unknown): unknown {
  if (!isObject(options) || typeof options.stop !== 'string') return options;
  return { ...options, stop: [options.stop] };
}

/**
 * The client's own `/api/chat` or `/api/generate` body, sent on unchanged (options, format, think, keep_alive,
 * images, tools, raw, template, context, suffix…) except for what routing decides: `model` becomes the upstream id
 * and `stream` matches the call. The few leniencies of our surface that real Ollama would reject are undone here.
 */
export function prepareNativeOllamaBody(native: NativeRequest, model: ModelSpec, stream: boolean): JsonObject {
  const body: JsonObject = { ...native.body, model: model.id, stream };
  if (Array.isArray(body.messages)) body.messages = body.messages.map(normalizeMessage);
  if (body.images !== undefined) body.images = plainBase64(body.images);
  if (body.options !== undefined) body.options = normalizeOptions(body.options);
  return body;
}
