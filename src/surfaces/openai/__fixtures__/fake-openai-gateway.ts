import type { ChatRequest, EmbedRequest } from '../../../core/chat-request.js';
import type { ChatResponse, EmbedResponse } from '../../../core/chat-response.js';
import type { Gateway, GatewayCall } from '../../../core/gateway.js';
import type { ListedModel, ModelSpec } from '../../../core/model-info.js';
import { ProxyError } from '../../../core/proxy-error.js';
import type { StreamEvent } from '../../../core/stream-event.js';

/** An in-memory Gateway for the OpenAI surface tests: scripted answers, recorded requests. */
export class FakeOpenAIGateway implements Gateway {
  readonly chatRequests: ChatRequest[] = [];
  readonly embedRequests: EmbedRequest[] = [];
  /** Thrown by the next chat/chatStream/embed call, before any streaming. */
  failNext: ProxyError | undefined;
  events: StreamEvent[] = [];
  vectors: number[][] = [];
  response: ChatResponse = {
    id: 'chatcmpl-r1',
    model: 'gpt-4o-2024-08-06',
    created: 1754000000,
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
    return this.models.find((model) => model.name === name);
  }

  private resolve(model: string): ModelSpec {
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
    const listed = this.findModel(model);
    if (!listed) throw new ProxyError('model_not_found', `model '${model}' not found`, { param: 'model' });
    return listed.spec;
  }

  async chat(request: ChatRequest, call: GatewayCall): Promise<{ response: ChatResponse; model: ModelSpec }> {
    this.chatRequests.push(request);
    const model = this.resolve(request.model);
    call.trace.provider = model.provider;
    return { response: this.response, model };
  }

  async chatStream(request: ChatRequest, call: GatewayCall): Promise<{ events: AsyncIterable<StreamEvent>; model: ModelSpec }> {
    this.chatRequests.push(request);
    const model = this.resolve(request.model);
    call.trace.provider = model.provider;
    const events = this.events;
    async function* replay(): AsyncGenerator<StreamEvent> {
      for (const event of events) yield event;
    }
    return { events: replay(), model };
  }

  async embed(request: EmbedRequest, _call: GatewayCall): Promise<{ response: EmbedResponse; model: ModelSpec }> {
    this.embedRequests.push(request);
    const model = this.resolve(request.model);
    return { response: { model: model.id, vectors: this.vectors, usage: { inputTokens: 7 } }, model };
  }
}
