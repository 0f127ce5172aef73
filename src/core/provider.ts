import type { ChatRequest, EmbedRequest } from './chat-request.js';
import type { ChatResponse, EmbedResponse } from './chat-response.js';
import type { ModelSpec } from './model-info.js';
import type { StreamEvent } from './stream-event.js';

export type ProviderCall = {
  model: ModelSpec;
  signal: AbortSignal;
};

/**
 * One upstream. `chatStream` resolves once the upstream has answered with a success status, so errors before the
 * first byte become proper HTTP errors; failures after that arrive as a final `error` event.
 */
export interface Provider {
  readonly id: string;
  chat(request: ChatRequest, call: ProviderCall): Promise<ChatResponse>;
  chatStream(request: ChatRequest, call: ProviderCall): Promise<AsyncIterable<StreamEvent>>;
  embed(request: EmbedRequest, call: ProviderCall): Promise<EmbedResponse>;
  /** The upstream's model ids (its model-list endpoint): for "test connection" and discovery. */
  listModelIds?(signal: AbortSignal): Promise<string[]>;
}
