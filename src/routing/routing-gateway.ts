import type { ChatRequest, EmbedRequest } from '../core/chat-request.js';
import type { ChatResponse, EmbedResponse } from '../core/chat-response.js';
import type { Gateway, GatewayCall, RequestTrace } from '../core/gateway.js';
import type { ListedModel, ModelSpec } from '../core/model-info.js';
import { ProxyError } from '../core/proxy-error.js';
import type { Provider } from '../core/provider.js';
import type { StreamEvent } from '../core/stream-event.js';
import { traceStreamEvents } from '../usage/trace-stream-events.js';
import type { ModelRegistry } from './model-registry.js';
import { assertValidSuffixTags, parseModelName } from './parse-model-name.js';

/**
 * Resolves the client's model string, checks the request against what the model can do, and hands it to the
 * model's provider. Surfaces never see providers; providers never see surfaces.
 */
export class RoutingGateway implements Gateway {
  constructor(
    private registry: ModelRegistry,
    private providers: ReadonlyMap<string, Provider>,
  ) {}

  /** Swaps in a new routing state (config change, discovery); requests already routed keep what they had. */
  update(registry: ModelRegistry, providers: ReadonlyMap<string, Provider>): void {
    this.registry = registry;
    this.providers = providers;
  }

  listModels(): ListedModel[] {
    return this.registry.list();
  }

  providerDialect(provider: string): string | undefined {
    return this.registry.dialectOf(provider);
  }

  findModel(name: string): ListedModel | undefined {
    try {
      const { spec, listedName } = this.registry.resolve(parseModelName(name).name);
      return { name: listedName, spec };
    } catch {
      return undefined;
    }
  }

  private route(requested: string, call: GatewayCall): { spec: ModelSpec; provider: Provider } {
    const { name, tags } = parseModelName(requested);
    call.trace.requestedModel = requested;
    traceSuffixTags(call.trace, tags);
    const { spec } = this.registry.resolve(name);
    const provider = this.providers.get(spec.provider);
    if (!provider) {
      throw new ProxyError('provider_not_configured', `provider '${spec.provider}' is not available`, { provider: spec.provider });
    }
    call.trace.provider = spec.provider;
    call.trace.upstreamModel = spec.id;
    call.trace.price = spec.price;
    return { spec, provider };
  }

  private checkChat(request: ChatRequest, spec: ModelSpec, requested: string): void {
    if (spec.passthrough) return;
    if (spec.kind === 'embedding') {
      throw new ProxyError('invalid_request', `model '${requested}' is an embedding model; use the embeddings endpoint`, { param: 'model' });
    }
    if (request.tools?.length && !spec.capabilities.includes('tools')) {
      throw new ProxyError('invalid_request', `model '${requested}' does not support tools`, { param: 'tools' });
    }
    if (!spec.capabilities.includes('vision')) {
      const hasImage = request.messages.some((message) => message.role === 'user' && message.content.some((part) => part.type === 'image'));
      if (hasImage) throw new ProxyError('invalid_request', `model '${requested}' does not support images`, { param: 'messages' });
    }
  }

  async chat(request: ChatRequest, call: GatewayCall): Promise<{ response: ChatResponse; model: ModelSpec }> {
    const { spec, provider } = this.route(request.model, call);
    this.checkChat(request, spec, request.model);
    call.trace.stream = false;
    const response = await provider.chat({ ...request, model: spec.id }, { model: spec, signal: call.signal });
    call.trace.usage = response.usage;
    return { response, model: spec };
  }

  async chatStream(request: ChatRequest, call: GatewayCall): Promise<{ events: AsyncIterable<StreamEvent>; model: ModelSpec }> {
    const { spec, provider } = this.route(request.model, call);
    this.checkChat(request, spec, request.model);
    call.trace.stream = true;
    const events = await provider.chatStream({ ...request, model: spec.id, stream: true }, { model: spec, signal: call.signal });
    // A thin pass-through that notes first token, usage and in-band errors for the usage record.
    return { events: traceStreamEvents(events, call.trace), model: spec };
  }

  async embed(request: EmbedRequest, call: GatewayCall): Promise<{ response: EmbedResponse; model: ModelSpec }> {
    const { spec, provider } = this.route(request.model, call);
    if (!spec.passthrough && spec.kind !== 'embedding') {
      throw new ProxyError('invalid_request', `model '${request.model}' is not an embedding model`, { param: 'model' });
    }
    call.trace.stream = false;
    const response = await provider.embed({ ...request, model: spec.id }, { model: spec, signal: call.signal });
    call.trace.usage = response.usage;
    return { response, model: spec };
  }
}

// -- usage trace ---------------------------------------------------------------------------------------------------

/** Suffix tags count only when no header gave tags (those are in the trace already); only then is a bad one a 400. */
function traceSuffixTags(trace: RequestTrace, tags: string[]): void {
  if (tags.length === 0 || trace.tags !== undefined) return;
  assertValidSuffixTags(tags);
  trace.tags = tags;
}
