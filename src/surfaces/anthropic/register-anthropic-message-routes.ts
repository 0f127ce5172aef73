import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ProxyError } from '../../core/proxy-error.js';
import { abortOnClientClose } from '../../util/client-abort.js';
import '../../util/fastify-request-trace.js';
import { sendTextStream } from '../../util/text-stream.js';
import type { SurfaceDeps } from '../surface-deps.js';
import type { AnthropicTokenCount } from './anthropic-wire.js';
import { anthropicNativeProbe } from './anthropic-native-upstream.js';
import { clampAnthropicMaxTokens } from './clamp-anthropic-max-tokens.js';
import { decodeAnthropicMessagesRequest, parseAnthropicBody } from './decode-anthropic-request.js';
import { encodeAnthropicResponse } from './encode-anthropic-response.js';
import { encodeAnthropicStream } from './encode-anthropic-stream.js';
import { estimateAnthropicInputTokens } from './estimate-anthropic-tokens.js';
import { readAnthropicForwardHeaders } from './read-anthropic-forward-headers.js';
import { sendAnthropicJson } from './send-anthropic-json.js';

/**
 * Client credentials (`x-api-key` or `Authorization: Bearer`), `anthropic-version` (2023-06-01 from older SDKs, a
 * 2026 date from 1.x) and `anthropic-beta` are accepted and not required: Switchboard does not key its clients
 * today. Credentials and version are never read, so never logged, and never forwarded: providers send their own.
 * `anthropic-beta` travels with the native body, for an Anthropic upstream that forwards it (other providers ignore it).
 */
async function handleMessages(deps: SurfaceDeps, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { request: chatRequest, wire } = decodeAnthropicMessagesRequest(request.body, anthropicNativeProbe(deps.gateway));
  const forwardHeaders = readAnthropicForwardHeaders(request.headers);
  if (chatRequest.native && forwardHeaders) chatRequest.native.headers = forwardHeaders;
  request.trace.requestedModel = chatRequest.model;
  clampAnthropicMaxTokens(chatRequest, deps.gateway);
  const abort = abortOnClientClose(reply.raw);
  const call = { signal: abort.signal, trace: request.trace };
  const options = { model: chatRequest.model, stopSequences: chatRequest.stop };
  reply.header('request-id', request.id);

  if (chatRequest.stream) {
    // Failures before the first byte throw here and reach the error handler as a proper HTTP error.
    const { events } = await deps.gateway.chatStream(chatRequest, call);
    const frames = encodeAnthropicStream(events, { ...options, estimatedInputTokens: estimateAnthropicInputTokens(wire) });
    return sendTextStream(reply, 'text/event-stream; charset=utf-8', frames);
  }
  const { response } = await deps.gateway.chat(chatRequest, call);
  return sendAnthropicJson(reply, encodeAnthropicResponse(response, options));
}

/**
 * `count_tokens`: a local estimate (estimate-anthropic-tokens.ts), as the gateway offers no upstream count. The
 * model must exist, so a client learns about a bad name here rather than at its first message.
 */
async function handleCountTokens(deps: SurfaceDeps, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { wire, model } = parseAnthropicBody(request.body);
  request.trace.requestedModel = model;
  const listed = deps.gateway.findModel(model);
  if (!listed) throw new ProxyError('model_not_found', `model '${model}' not found`, { param: 'model' });
  request.trace.provider = listed.spec.provider;
  request.trace.upstreamModel = listed.spec.id;
  const body: AnthropicTokenCount = { input_tokens: estimateAnthropicInputTokens(wire) };
  reply.header('request-id', request.id);
  return sendAnthropicJson(reply, body);
}

/** `POST /messages` (stream or not) and `POST /messages/count_tokens`. */
export function registerAnthropicMessageRoutes(app: FastifyInstance, deps: SurfaceDeps): void {
  app.post('/messages', (request, reply) => handleMessages(deps, request, reply));
  app.post('/messages/count_tokens', (request, reply) => handleCountTokens(deps, request, reply));
}
