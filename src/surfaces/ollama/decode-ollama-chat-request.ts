import type { ChatRequest } from '../../core/chat-request.js';
import { decodeOllamaFormat } from './decode-ollama-format.js';
import { isOllamaUnloadKeepAlive } from './decode-ollama-keep-alive.js';
import { decodeOllamaMessages } from './decode-ollama-messages.js';
import { decodeOllamaOptions } from './decode-ollama-options.js';
import { decodeOllamaThink } from './decode-ollama-think.js';
import { decodeOllamaTools } from './decode-ollama-tools.js';
import type { DecodedOllamaRequest } from './decoded-ollama-request.js';
import { ollamaChatRequestSchema, requireOllamaModel } from './ollama-request-schemas.js';

/** `POST /api/chat` body → canonical request (model string as the client sent it), or a load/unload probe. */
export function decodeOllamaChatRequest(body: unknown): DecodedOllamaRequest {
  const wire = ollamaChatRequestSchema.parse(body);
  const model = requireOllamaModel(wire.model);
  const stream = wire.stream !== false;
  const reasoning = decodeOllamaThink(wire.think);
  const responseFormat = decodeOllamaFormat(wire.format);
  const { params, ignored } = decodeOllamaOptions(wire.options);

  if (!wire.messages || wire.messages.length === 0) {
    return { kind: 'load', model, doneReason: isOllamaUnloadKeepAlive(wire.keep_alive) ? 'unload' : 'load', stream };
  }

  const request: ChatRequest = { model, messages: decodeOllamaMessages(wire.messages), stream, ...params };
  // An Ollama upstream gets the client's own body, so keep_alive, options, images… survive unchanged.
  request.native = { dialect: 'ollama-chat', body: body as Record<string, unknown> };
  const tools = decodeOllamaTools(wire.tools);
  if (tools) request.tools = tools;
  if (responseFormat) request.responseFormat = responseFormat;
  if (reasoning !== undefined) request.reasoning = reasoning;
  return { kind: 'chat', request, ignoredOptions: ignored };
}
