import type { ChatRequest, EmbedRequest } from '../../core/chat-request.js';
import type { ChatResponse, EmbedResponse } from '../../core/chat-response.js';
import { ProxyError } from '../../core/proxy-error.js';
import type { Provider, ProviderCall } from '../../core/provider.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { decodeSse } from '../../util/sse.js';
import { networkError, sendUpstream } from '../http/upstream-http.js';
import type { ProviderOptions } from '../provider-options.js';
import type { AnthropicMessagesBody, AnthropicWireMessage } from './anthropic-wire.js';
import { decodeAnthropicResponse, thinkingLayoutOf } from './decode-anthropic-response.js';
import { decodeAnthropicStream } from './decode-anthropic-stream.js';
import { encodeAnthropicRequest } from './encode-anthropic-request.js';
import { parseAnthropicHttpError } from './parse-anthropic-error.js';
import { prepareNativeAnthropicBody } from './prepare-native-anthropic-body.js';
import { readUpstreamJson } from '../http/read-upstream-body.js';
import { ThinkingMemory } from './thinking-memory.js';

/** The version every Anthropic SDK 0.x sends; the body we build is shaped for it. */
export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

/**
 * Process-wide, like DeepSeek's reasoning memory: tool call ids are unique, and providers are rebuilt when the
 * configuration changes while conversations go on.
 */
const sharedThinkingMemory = new ThinkingMemory();

/** The native Anthropic Messages API: `{base}/v1/messages` with `x-api-key` and `anthropic-version`. */
export class AnthropicProvider implements Provider {
  readonly id: string;
  private readonly base: string;
  private readonly headers: Record<string, string>;

  constructor(
    private readonly options: ProviderOptions,
    private readonly memory: ThinkingMemory = sharedThinkingMemory,
  ) {
    this.id = options.id;
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.headers = {
      'content-type': 'application/json',
      accept: 'application/json',
      'anthropic-version': options.apiVersion ?? DEFAULT_ANTHROPIC_VERSION,
      ...options.extraHeaders,
      ...(options.apiKey ? { 'x-api-key': options.apiKey } : {}),
    };
  }

  /** The body to send: the client's own when it spoke Anthropic Messages, else the canonical request encoded. */
  private body(request: ChatRequest, call: ProviderCall, stream: boolean): AnthropicMessagesBody | Record<string, unknown> {
    if (request.native?.dialect === 'anthropic-messages') {
      return prepareNativeAnthropicBody(request.native.body, call.model, stream, this.memory);
    }
    return encodeAnthropicRequest({ ...request, stream }, call.model, this.memory);
  }

  /**
   * Our headers, plus the client's `anthropic-beta` flags when its own body goes on (the body may use beta fields).
   * Only that header is read from the native request, so client credentials can never reach the upstream.
   */
  private headersFor(request: ChatRequest): Record<string, string> {
    const beta = request.native?.dialect === 'anthropic-messages' ? request.native.headers?.['anthropic-beta'] : undefined;
    return beta === undefined ? this.headers : withBetaFlags(this.headers, beta);
  }

  private post(request: ChatRequest, body: AnthropicMessagesBody | Record<string, unknown>, signal: AbortSignal) {
    return sendUpstream(
      this.options.http,
      this.id,
      `${this.base}/v1/messages`,
      { method: 'POST', headers: this.headersFor(request), body: JSON.stringify(body), signal },
      parseAnthropicHttpError,
    );
  }


  async chat(request: ChatRequest, call: ProviderCall): Promise<ChatResponse> {
    const response = await this.post(request, this.body(request, call, false), call.signal);
    const wire = await readUpstreamJson<AnthropicWireMessage>(response.body, this.id);
    const decoded = decodeAnthropicResponse(wire, call.model.id);
    this.memory.remember(call.model.id, thinkingLayoutOf(wire.content ?? []));
    return decoded;
  }

  async chatStream(request: ChatRequest, call: ProviderCall): Promise<AsyncIterable<StreamEvent>> {
    const response = await this.post(request, this.body(request, call, true), call.signal);
    const events = decodeAnthropicStream(decodeSse(response.body), {
      provider: this.id,
      model: call.model.id,
      onThinkingLayout: (layout) => this.memory.remember(call.model.id, layout),
    });
    return releaseOnEarlyExit(events, response.body);
  }

  async embed(_request: EmbedRequest, _call: ProviderCall): Promise<EmbedResponse> {
    throw new ProxyError('unsupported', `provider '${this.id}' (Anthropic) has no embeddings API; use an embedding model of another provider`, {
      provider: this.id,
    });
  }

  /** `{base}/v1/models`, for discovery and the admin "test connection". */
  async listModelIds(signal: AbortSignal): Promise<string[]> {
    try {
      const response = await sendUpstream(
        this.options.http,
        this.id,
        `${this.base}/v1/models?limit=1000`,
        { method: 'GET', headers: this.headers, signal },
        parseAnthropicHttpError,
      );
      const wire = await readUpstreamJson<{ data?: Array<{ id?: unknown }> }>(response.body, this.id);
      return (wire.data ?? []).flatMap((model) => (typeof model.id === 'string' ? [model.id] : []));
    } catch (error) {
      throw ProxyError.is(error) ? error : networkError(error, this.id);
    }
  }
}

/** `anthropic-beta` flags from the config file's headers and the client's, as one comma-separated list. */
function withBetaFlags(headers: Record<string, string>, clientFlags: string): Record<string, string> {
  const out: Record<string, string> = {};
  const flags: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'anthropic-beta') flags.push(...value.split(','));
    else out[name] = value;
  }
  flags.push(...clientFlags.split(','));
  out['anthropic-beta'] = [...new Set(flags.map((flag) => flag.trim()).filter((flag) => flag !== ''))].join(',');
  return out;
}

/** If the consumer stops early (client gone), destroy the upstream body so the socket is not left half-read. */
async function* releaseOnEarlyExit(events: AsyncIterable<StreamEvent>, body: { destroy(error?: Error): unknown }): AsyncGenerator<StreamEvent> {
  let finished = false;
  try {
    for await (const event of events) yield event;
    finished = true;
  } finally {
    if (!finished) body.destroy();
  }
}
