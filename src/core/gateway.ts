import type { ChatRequest, EmbedRequest } from './chat-request.js';
import type { ChatResponse, EmbedResponse } from './chat-response.js';
import type { ListedModel, ModelSpec } from './model-info.js';
import type { StreamEvent } from './stream-event.js';

/** What the server learns while handling one request, for its log line (and later the usage record). */
export type RequestTrace = {
  requestedModel?: string;
  provider?: string;
  upstreamModel?: string;
  tags?: string[];
};

export type GatewayCall = {
  signal: AbortSignal;
  trace: RequestTrace;
};

/**
 * What surfaces see of the proxy. Requests carry the client's model string in `model`; the gateway resolves it,
 * strips `@tags`, and hands the provider the upstream id.
 */
export interface Gateway {
  listModels(): ListedModel[];
  /** Resolves a name a client sent (with or without :latest, provider prefix or alias); undefined if unknown. */
  findModel(name: string): ListedModel | undefined;
  chat(request: ChatRequest, call: GatewayCall): Promise<{ response: ChatResponse; model: ModelSpec }>;
  chatStream(request: ChatRequest, call: GatewayCall): Promise<{ events: AsyncIterable<StreamEvent>; model: ModelSpec }>;
  embed(request: EmbedRequest, call: GatewayCall): Promise<{ response: EmbedResponse; model: ModelSpec }>;
}
