import type { ChatRequest, EmbedRequest } from '../../core/chat-request.js';
import type { ChatResponse, EmbedResponse } from '../../core/chat-response.js';
import type { Provider, ProviderCall } from '../../core/provider.js';
import { ProxyError } from '../../core/proxy-error.js';
import type { StreamEvent } from '../../core/stream-event.js';
import type { Usage } from '../../core/usage.js';

/** Resolves when the request is aborted (the client went away), then fails as the HTTP layer would. */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    const fail = (): void => reject(new ProxyError('client_closed', 'request aborted by the client'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

/**
 * A Provider for tests of the real RoutingGateway: answers with scripted usage, streams scripted events, can hang
 * until the client goes away (`hang` for answers, `hangAfter` events into a stream), and records the upstream model
 * ids it was asked for.
 */
export class ScriptedProvider implements Provider {
  readonly models: string[] = [];
  usage: Usage = { inputTokens: 10, outputTokens: 5 };
  events: StreamEvent[] = [];
  failNext: ProxyError | undefined;
  hang = false;
  hangAfter: number | undefined;
  /** Resolves each time a request reaches the provider (for tests that must wait for that). */
  private arrivals: (() => void)[] = [];

  constructor(readonly id: string) {}

  /** Resolves when the next request reaches the provider. */
  nextArrival(): Promise<void> {
    return new Promise((resolve) => this.arrivals.push(resolve));
  }

  private take(model: string): void {
    this.models.push(model);
    this.arrivals.shift()?.();
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
  }

  async chat(request: ChatRequest, call: ProviderCall): Promise<ChatResponse> {
    this.take(request.model);
    if (this.hang) await untilAborted(call.signal);
    return { id: 'r1', model: request.model, created: 0, content: 'Hi', toolCalls: [], finishReason: { unified: 'stop' }, usage: this.usage };
  }

  async chatStream(request: ChatRequest, call: ProviderCall): Promise<AsyncIterable<StreamEvent>> {
    this.take(request.model);
    const { events, hangAfter } = this;
    return (async function* () {
      for (const [index, event] of events.entries()) {
        if (index === hangAfter) await untilAborted(call.signal);
        yield event;
      }
    })();
  }

  async embed(request: EmbedRequest): Promise<EmbedResponse> {
    this.take(request.model);
    return { model: request.model, vectors: request.inputs.map(() => [0.1, 0.2]), usage: { inputTokens: this.usage.inputTokens } };
  }
}
