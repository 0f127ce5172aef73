import type { ChatRequest, ContentPart, Message } from '../../core/chat-request.js';
import type { ListedModel } from '../../core/model-info.js';
import { invalidRequest } from '../../core/proxy-error.js';
import { decodeOllamaFormat } from './decode-ollama-format.js';
import { decodeOllamaImages } from './decode-ollama-images.js';
import { isOllamaUnloadKeepAlive } from './decode-ollama-keep-alive.js';
import { decodeOllamaOptions } from './decode-ollama-options.js';
import { decodeOllamaThink } from './decode-ollama-think.js';
import type { DecodedOllamaRequest } from './decoded-ollama-request.js';
import { ollamaGenerateRequestSchema, requireOllamaModel } from './ollama-request-schemas.js';

/**
 * `POST /api/generate` body → canonical request: an optional system message plus one user message (images, then
 * the prompt), with `prompt: {text, suffix}` kept for providers that have a native completion or FIM endpoint.
 * An empty prompt is Ollama's load/unload probe. `template` and `context` are accepted and ignored.
 */
export function decodeOllamaGenerateRequest(body: unknown): DecodedOllamaRequest {
  const wire = ollamaGenerateRequestSchema.parse(body);
  const model = requireOllamaModel(wire.model);
  const stream = wire.stream !== false;
  const reasoning = decodeOllamaThink(wire.think);
  const responseFormat = decodeOllamaFormat(wire.format);
  const { params, ignored } = decodeOllamaOptions(wire.options);
  const system = wire.system ?? '';
  if (wire.raw === true && (system !== '' || (wire.template ?? '') !== '' || (wire.context ?? []).length > 0)) {
    throw invalidRequest('raw mode does not support template, system, or context', 'raw');
  }

  const text = wire.prompt ?? '';
  if (text === '') {
    return { kind: 'load', model, doneReason: isOllamaUnloadKeepAlive(wire.keep_alive) ? 'unload' : 'load', stream };
  }

  const content: ContentPart[] = [...decodeOllamaImages(wire.images), { type: 'text', text }];
  const messages: Message[] = system === '' ? [] : [{ role: 'system', content: system }];
  messages.push({ role: 'user', content });
  const suffix = wire.suffix ?? '';
  const request: ChatRequest = {
    model,
    messages,
    stream,
    ...params,
    prompt: suffix === '' ? { text } : { text, suffix },
    // An Ollama upstream gets the client's own body (raw, template, context, keep_alive… survive unchanged).
    native: { dialect: 'ollama-generate', body: body as Record<string, unknown> },
  };
  if (responseFormat) request.responseFormat = responseFormat;
  if (reasoning !== undefined) request.reasoning = reasoning;
  return { kind: 'chat', request, ignoredOptions: ignored };
}

/** A `suffix` (fill-in-the-middle) needs a model with the `insert` capability; say so plainly otherwise. */
export function assertOllamaSuffixSupported(request: ChatRequest, listed: ListedModel | undefined): void {
  if (request.prompt?.suffix === undefined || listed === undefined) return;
  if (listed.spec.capabilities.includes('insert')) return;
  throw invalidRequest(`fill-in-the-middle (suffix) is not supported for model '${request.model}'`, 'suffix');
}
