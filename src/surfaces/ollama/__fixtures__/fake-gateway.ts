import type { ChatRequest, EmbedRequest } from '../../../core/chat-request.js';
import type { ChatResponse, EmbedResponse } from '../../../core/chat-response.js';
import type { Gateway, GatewayCall } from '../../../core/gateway.js';
import type { ListedModel, ModelSpec } from '../../../core/model-info.js';
import { ProxyError } from '../../../core/proxy-error.js';
import type { StreamEvent } from '../../../core/stream-event.js';

/** An in-memory Gateway: scripted answers, recorded requests, models resolved with or without :latest. */
export class FakeGateway implements Gateway {
  readonly chatRequests: ChatRequest[] = [];
  readonly embedRequests: EmbedRequest[] = [];
  readonly calls: GatewayCall[] = [];
  /** Thrown by the next chat/chatStream/embed call (before any streaming). */
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

  constructor(private readonly models: ListedModel[]) {}

  listModels(): ListedModel[] {
    return this.models;
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
    if (!listed) throw new ProxyError('model_not_found', `model '${model}' not found`);
    return listed.spec;
  }

  async chat(request: ChatRequest, call: GatewayCall): Promise<{ response: ChatResponse; model: ModelSpec }> {
    this.chatRequests.push(request);
    return { response: this.response, model: this.resolve(request.model, call) };
  }

  async chatStream(request: ChatRequest, call: GatewayCall): Promise<{ events: AsyncIterable<StreamEvent>; model: ModelSpec }> {
    this.chatRequests.push(request);
    const model = this.resolve(request.model, call);
    const events = this.events;
    async function* replay(): AsyncGenerator<StreamEvent> {
      for (const event of events) yield event;
    }
    return { events: replay(), model };
  }

  async embed(request: EmbedRequest, call: GatewayCall): Promise<{ response: EmbedResponse; model: ModelSpec }> {
    this.embedRequests.push(request);
    const model = this.resolve(request.model, call);
    const vectors = request.inputs.map((input, i) => [input.length, i, 0.5]);
    return { response: { model: model.id, vectors, usage: { inputTokens: request.inputs.length * 2 } }, model };
  }
}
