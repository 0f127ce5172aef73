import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChatRequest } from '../../core/chat-request.js';
import type { ChatResponse } from '../../core/chat-response.js';
import type { Gateway } from '../../core/gateway.js';
import { ProxyError } from '../../core/proxy-error.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { abortOnClientClose } from '../../util/client-abort.js';
import { sendTextStream } from '../../util/text-stream.js';
import type { SurfaceDeps } from '../surface-deps.js';
import { decodeOllamaChatRequest } from './decode-ollama-chat-request.js';
import { assertOllamaSuffixSupported, decodeOllamaGenerateRequest } from './decode-ollama-generate-request.js';
import type { DecodedOllamaRequest } from './decoded-ollama-request.js';
import { encodeOllamaChatResponse, type OllamaResponseOptions } from './encode-ollama-chat-response.js';
import { encodeOllamaChatStream } from './encode-ollama-chat-stream.js';
import { encodeOllamaGenerateResponse } from './encode-ollama-generate-response.js';
import { encodeOllamaGenerateStream } from './encode-ollama-generate-stream.js';
import { encodeOllamaChatLoadResponse, encodeOllamaGenerateLoadResponse } from './encode-ollama-load-response.js';
import { systemClock } from './ollama-clock.js';
import type { OllamaStreamOptions } from './read-ollama-stream-parts.js';
import { requestTrace } from './request-trace.js';
import { sendOllamaJson, sendOllamaNdjson } from './send-ollama-body.js';

/** What differs between `/api/chat` and `/api/generate`; the handling around the gateway is the same. */
type CompletionFlavour = {
  decode(body: unknown): DecodedOllamaRequest;
  check(request: ChatRequest, gateway: Gateway): void;
  encodeLoad(answer: { model: string; doneReason: 'load' | 'unload'; createdAt: Date }): object;
  encodeStream(events: AsyncIterable<StreamEvent>, options: OllamaStreamOptions): AsyncIterable<string>;
  encodeResponse(response: ChatResponse, options: OllamaResponseOptions): object;
};

const chatFlavour: CompletionFlavour = {
  decode: decodeOllamaChatRequest,
  check: () => {},
  encodeLoad: encodeOllamaChatLoadResponse,
  encodeStream: encodeOllamaChatStream,
  encodeResponse: encodeOllamaChatResponse,
};

const generateFlavour: CompletionFlavour = {
  decode: decodeOllamaGenerateRequest,
  check: (request, gateway) => assertOllamaSuffixSupported(request, gateway.findModel(request.model)),
  encodeLoad: encodeOllamaGenerateLoadResponse,
  encodeStream: encodeOllamaGenerateStream,
  encodeResponse: encodeOllamaGenerateResponse,
};

async function handleCompletion(
  flavour: CompletionFlavour,
  deps: SurfaceDeps,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const clock = systemClock;
  const startNs = clock.nowNs();
  const decoded = flavour.decode(request.body);
  const trace = requestTrace(request);
  trace.requestedModel = decoded.kind === 'load' ? decoded.model : decoded.request.model;

  if (decoded.kind === 'load') {
    if (!deps.gateway.findModel(decoded.model)) throw new ProxyError('model_not_found', `model '${decoded.model}' not found`);
    const answer = flavour.encodeLoad({ model: decoded.model, doneReason: decoded.doneReason, createdAt: clock.now() });
    return decoded.stream ? sendOllamaNdjson(reply, [answer]) : sendOllamaJson(reply, answer);
  }

  const { request: chatRequest, ignoredOptions } = decoded;
  if (ignoredOptions.length > 0) request.log.info({ ignoredOptions }, 'ignoring Ollama options that do not apply to a hosted model');
  flavour.check(chatRequest, deps.gateway);
  const model = chatRequest.model;
  const dropReasoning = chatRequest.reasoning === false;
  const abort = abortOnClientClose(reply.raw);
  const call = { signal: abort.signal, trace };

  if (chatRequest.stream) {
    const { events } = await deps.gateway.chatStream(chatRequest, call);
    return sendTextStream(reply, 'application/x-ndjson', flavour.encodeStream(events, { model, dropReasoning, startNs, clock }));
  }
  const { response } = await deps.gateway.chat(chatRequest, call);
  const timing = { startNs, endNs: clock.nowNs() };
  return sendOllamaJson(reply, flavour.encodeResponse(response, { model, dropReasoning, timing, createdAt: clock.now() }));
}

/** `POST /api/chat` and `POST /api/generate`. */
export function registerOllamaCompletionRoutes(app: FastifyInstance, deps: SurfaceDeps): void {
  app.post('/api/chat', (request, reply) => handleCompletion(chatFlavour, deps, request, reply));
  app.post('/api/generate', (request, reply) => handleCompletion(generateFlavour, deps, request, reply));
}
