import type { ChatRequest, EmbedRequest } from '../../core/chat-request.js';
import type { ChatResponse, EmbedResponse } from '../../core/chat-response.js';
import { ProxyError } from '../../core/proxy-error.js';
import type { Provider, ProviderCall } from '../../core/provider.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { decodeSse } from '../../util/sse.js';
import { networkError, sendUpstream, type UpstreamHttp } from '../http/upstream-http.js';
import { decodeOpenAICompatibleResponse } from './decode-openai-compatible-response.js';
import { readUpstreamJson } from '../http/read-upstream-body.js';
import { decodeOpenAICompatibleStream, OPENAI_COMPATIBLE_READ_WORDING } from './decode-openai-compatible-stream.js';
import { encodeOpenAICompatibleRequest } from './encode-openai-compatible-request.js';
import { decodeLegacyCompletionResponse, encodeLegacyCompletionRequest } from './legacy-completions.js';
import type { OpenAIWireEmbeddingResponse, OpenAIWireEnvelope } from './openai-wire.js';
import type { OpenAICompatibleQuirks } from './quirks/quirks-types.js';
import { rememberStreamReasoning } from './reasoning-memory.js';

export type OpenAICompatibleConfig = {
  id: string;
  baseUrl: string;
  apiKey: string | undefined;
  quirks: OpenAICompatibleQuirks;
  extraHeaders?: Record<string, string>;
};

/** Any OpenAI-compatible upstream; its vendor's differences come in as `quirks`. */
export class OpenAICompatibleProvider implements Provider {
  readonly id: string;
  private readonly base: string;
  private readonly headers: Record<string, string>;

  constructor(
    private readonly config: OpenAICompatibleConfig,
    private readonly http: UpstreamHttp,
  ) {
    this.id = config.id;
    this.base = config.baseUrl.replace(/\/+$/, '');
    this.headers = {
      'content-type': 'application/json',
      accept: 'application/json',
      ...config.quirks.extraHeaders,
      ...config.extraHeaders,
      ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
    };
  }

  private post(path: string, body: unknown, signal: AbortSignal) {
    return sendUpstream(this.http, this.id, `${this.base}${path}`, {
      method: 'POST',
      headers: this.headers,
      body: JSON.stringify(body),
      signal,
    });
  }


  private useLegacy(request: ChatRequest, call: ProviderCall): boolean {
    return request.prompt !== undefined && call.model.legacyCompletions === true && this.config.quirks.legacyCompletions;
  }

  async chat(request: ChatRequest, call: ProviderCall): Promise<ChatResponse> {
    if (this.useLegacy(request, call)) {
      const response = await this.post('/completions', encodeLegacyCompletionRequest(request, call.model), call.signal);
      return decodeLegacyCompletionResponse(await readUpstreamJson(response.body, this.id, OPENAI_COMPATIBLE_READ_WORDING), call.model.id);
    }
    const body = encodeOpenAICompatibleRequest(request, call.model, this.config.quirks);
    const response = await this.post('/chat/completions', body, call.signal);
    const decoded = decodeOpenAICompatibleResponse(await readUpstreamJson<OpenAIWireEnvelope>(response.body, this.id, OPENAI_COMPATIBLE_READ_WORDING), call.model.id, {
      thinkTags: this.config.quirks.thinkTagsInContent ?? false,
    });
    if (this.config.quirks.reasoningMemory && decoded.toolCalls.length > 0 && decoded.reasoning) {
      this.config.quirks.reasoningMemory.remember(decoded.toolCalls.map((toolCall) => toolCall.id), decoded.reasoning);
    }
    return decoded;
  }

  async chatStream(request: ChatRequest, call: ProviderCall): Promise<AsyncIterable<StreamEvent>> {
    const legacy = this.useLegacy(request, call);
    const body = legacy
      ? encodeLegacyCompletionRequest(request, call.model)
      : encodeOpenAICompatibleRequest(request, call.model, this.config.quirks);
    const response = await this.post(legacy ? '/completions' : '/chat/completions', body, call.signal);
    const context = { provider: this.id, model: call.model.id, thinkTags: this.config.quirks.thinkTagsInContent ?? false };
    const messages = decodeSse(response.body);
    let events = decodeOpenAICompatibleStream(messages, context);
    const memory = this.config.quirks.reasoningMemory;
    if (memory) events = rememberStreamReasoning(events, memory);
    return releaseOnEarlyExit(events, response.body);
  }

  async embed(request: EmbedRequest, call: ProviderCall): Promise<EmbedResponse> {
    if (!this.config.quirks.embeddings) {
      throw new ProxyError('unsupported', `provider '${this.id}' has no embeddings endpoint`);
    }
    const body: Record<string, unknown> = { model: call.model.id, input: request.inputs, encoding_format: 'float' };
    if (request.dimensions !== undefined) body.dimensions = request.dimensions;
    const response = await this.post('/embeddings', body, call.signal);
    const wire = await readUpstreamJson<OpenAIWireEmbeddingResponse>(response.body, this.id, OPENAI_COMPATIBLE_READ_WORDING);
    const data = [...(wire.data ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    return {
      model: wire.model ?? call.model.id,
      vectors: data.map((item) => item.embedding ?? []),
      usage: typeof wire.usage?.prompt_tokens === 'number' ? { inputTokens: wire.usage.prompt_tokens } : {},
    };
  }

  /** `{base}/models`, for discovery and the admin "test connection". */
  async listModelIds(signal: AbortSignal): Promise<string[]> {
    try {
      const response = await sendUpstream(this.http, this.id, `${this.base}/models`, { method: 'GET', headers: this.headers, signal });
      const wire = await readUpstreamJson<{ data?: Array<{ id?: string }> }>(response.body, this.id, OPENAI_COMPATIBLE_READ_WORDING);
      return (wire.data ?? []).flatMap((model) => (typeof model.id === 'string' ? [model.id] : []));
    } catch (error) {
      throw ProxyError.is(error) ? error : networkError(error, this.id);
    }
  }
}

/** If the consumer stops early (client gone), destroy the upstream body so the socket is not left half-read. */
async function* releaseOnEarlyExit(
  events: AsyncIterable<StreamEvent>,
  body: { destroy(error?: Error): unknown },
): AsyncGenerator<StreamEvent> {
  let finished = false;
  try {
    for await (const event of events) yield event;
    finished = true;
  } finally {
    if (!finished) body.destroy();
  }
}
