import type { ChatRequest, EmbedRequest } from '../../src/core/chat-request.js';
import type { ChatResponse, EmbedResponse } from '../../src/core/chat-response.js';
import type { Gateway, GatewayCall } from '../../src/core/gateway.js';
import type { ListedModel, ModelSpec } from '../../src/core/model-info.js';
import { ProxyError } from '../../src/core/proxy-error.js';
import type { StreamEvent } from '../../src/core/stream-event.js';
import { replay } from './async-iterables.js';

/**
 * An in-memory Gateway for surface route tests: scripted answers, recorded requests and calls, models found with or
 * without `:latest`.
 */
export class FakeGateway implements Gateway {
  readonly chatRequests: ChatRequest[] = [];
  readonly embedRequests: EmbedRequest[] = [];
  readonly calls: GatewayCall[] = [];
  /** Thrown by the next chat/chatStream/embed call, before any streaming. */
  failNext: ProxyError | undefined;
  events: StreamEvent[] = [];
  response: ChatResponse = {
    id: 'r1',
    model: 'upstream',
    created: 0,
    content: '',
    toolCalls: [],
    finishReason: { unified: 'stop' },
    usage: {},
  };
  /** Embeddings to return; by default one `[input.length, index, 0.5]` per input. */
  vectors: number[][] | undefined;
  /** Input tokens to report for embeddings; by default two per input. */
  embedInputTokens: number | undefined;

  constructor(private readonly models: ListedModel[]) {}

  listModels(): ListedModel[] {
    return this.models;
  }

  /** Providers named like a dialect speak it (`anthropic`, `ollama`); every other one is OpenAI-compatible. */
  providerDialect(provider: string): string {
    return ['anthropic', 'gemini', 'ollama'].includes(provider) ? provider : 'openai-compatible';
  }

  findModel(name: string): ListedModel | undefined {
    const bare = name.toLowerCase().endsWith(':latest') ? name.slice(0, -':latest'.length) : name;
    return this.models.find((model) => model.name === bare);
  }

  private resolve(model: string, call: GatewayCall): ModelSpec {
    this.calls.push(call);
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
    const listed = this.findModel(model);
    if (!listed) throw new ProxyError('model_not_found', `model '${model}' not found`, { param: 'model' });
    call.trace.provider = listed.spec.provider;
    return listed.spec;
  }

  async chat(request: ChatRequest, call: GatewayCall): Promise<{ response: ChatResponse; model: ModelSpec }> {
    this.chatRequests.push(request);
    return { response: this.response, model: this.resolve(request.model, call) };
  }

  async chatStream(request: ChatRequest, call: GatewayCall): Promise<{ events: AsyncIterable<StreamEvent>; model: ModelSpec }> {
    this.chatRequests.push(request);
    const model = this.resolve(request.model, call);
    return { events: replay(this.events), model };
  }

  async embed(request: EmbedRequest, call: GatewayCall): Promise<{ response: EmbedResponse; model: ModelSpec }> {
    this.embedRequests.push(request);
    const model = this.resolve(request.model, call);
    const vectors = this.vectors ?? request.inputs.map((input, index) => [input.length, index, 0.5]);
    const inputTokens = this.embedInputTokens ?? request.inputs.length * 2;
    return { response: { model: model.id, vectors, usage: { inputTokens } }, model };
  }
}
