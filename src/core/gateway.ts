import type { ChatRequest, EmbedRequest } from './chat-request.js';
import type { ChatResponse, EmbedResponse } from './chat-response.js';
import type { ListedModel, ModelPrice, ModelSpec } from './model-info.js';
import type { ErrorCode } from './proxy-error.js';
import type { StreamEvent } from './stream-event.js';
import type { Usage } from './usage.js';

/** What the server learns while handling one request, for its log line (and later the usage record). */
export type RequestTrace = {
  requestedModel?: string;
  provider?: string;
  upstreamModel?: string;
  /** Usage-attribution tags: from the request headers (set before routing, they win) or the model's `@` suffix. */
  tags?: string[];
  /** The resolved model's price (USD per million tokens), for the record's computed cost. */
  price?: ModelPrice;
  /** True once the gateway started a stream, false for a one-shot answer; absent if it never got that far. */
  stream?: boolean;
  /** Usage as the upstream reported it: the answer's, or the stream's `finish` event's. */
  usage?: Usage;
  /** `performance.now()` when the first content delta of a stream passed through the gateway. */
  firstTokenAt?: number;
  /** Why the request failed: a ProxyError code, thrown or in-band in a stream; `client_closed` if abandoned. */
  errorKind?: ErrorCode;
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
  /** The wire dialect of a provider (`openai-compatible`, `anthropic`, `gemini`, `ollama`), if the gateway knows it. */
  providerDialect?(provider: string): string | undefined;
  chat(request: ChatRequest, call: GatewayCall): Promise<{ response: ChatResponse; model: ModelSpec }>;
  chatStream(request: ChatRequest, call: GatewayCall): Promise<{ events: AsyncIterable<StreamEvent>; model: ModelSpec }>;
  embed(request: EmbedRequest, call: GatewayCall): Promise<{ response: EmbedResponse; model: ModelSpec }>;
}
