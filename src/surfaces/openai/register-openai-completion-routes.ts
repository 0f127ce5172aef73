import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChatResponse } from '../../core/chat-response.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { abortOnClientClose } from '../../util/client-abort.js';
import '../../util/fastify-request-trace.js';
import { sendTextStream } from '../../util/text-stream.js';
import type { SurfaceDeps } from '../surface-deps.js';
import { type DecodedOpenAIRequest, decodeOpenAIChatRequest } from './decode-openai-chat-request.js';
import { decodeOpenAICompletionRequest } from './decode-openai-completion-request.js';
import { encodeOpenAIChatResponse } from './encode-openai-chat-response.js';
import { encodeOpenAIChatStream } from './encode-openai-chat-stream.js';
import { encodeOpenAICompletionResponse } from './encode-openai-completion-response.js';
import { encodeOpenAICompletionStream } from './encode-openai-completion-stream.js';
import type { OpenAIStreamOptions } from './openai-stream-head.js';
import { sendOpenAIJson } from './send-openai-json.js';

/** What differs between `/chat/completions` and `/completions`; the handling around the gateway is the same. */
type CompletionFlavour = {
  decode(body: unknown): DecodedOpenAIRequest;
  encodeStream(events: AsyncIterable<StreamEvent>, options: OpenAIStreamOptions): AsyncIterable<string>;
  encodeResponse(response: ChatResponse): object;
};

const chatFlavour: CompletionFlavour = {
  decode: decodeOpenAIChatRequest,
  encodeStream: encodeOpenAIChatStream,
  encodeResponse: encodeOpenAIChatResponse,
};

const completionFlavour: CompletionFlavour = {
  decode: decodeOpenAICompletionRequest,
  encodeStream: encodeOpenAICompletionStream,
  encodeResponse: encodeOpenAICompletionResponse,
};

async function handleCompletion(flavour: CompletionFlavour, deps: SurfaceDeps, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { request: chatRequest, includeUsage } = flavour.decode(request.body);
  request.trace.requestedModel = chatRequest.model;
  const abort = abortOnClientClose(reply.raw);
  const call = { signal: abort.signal, trace: request.trace };

  if (chatRequest.stream) {
    // Failures before the first byte throw here and reach the error handler as a proper HTTP error.
    const { events } = await deps.gateway.chatStream(chatRequest, call);
    const frames = flavour.encodeStream(events, { model: chatRequest.model, includeUsage });
    return sendTextStream(reply, 'text/event-stream; charset=utf-8', frames);
  }
  const { response } = await deps.gateway.chat(chatRequest, call);
  return sendOpenAIJson(reply, flavour.encodeResponse(response));
}

/** `POST /chat/completions` and the legacy `POST /completions`. */
export function registerOpenAICompletionRoutes(app: FastifyInstance, deps: SurfaceDeps): void {
  app.post('/chat/completions', (request, reply) => handleCompletion(chatFlavour, deps, request, reply));
  app.post('/completions', (request, reply) => handleCompletion(completionFlavour, deps, request, reply));
}
