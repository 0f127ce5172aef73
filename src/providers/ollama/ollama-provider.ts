import type { ChatRequest, EmbedRequest } from '../../core/chat-request.js';
import type { ChatResponse, EmbedResponse } from '../../core/chat-response.js';
import type { ModelSpec } from '../../core/model-info.js';
import { ProxyError } from '../../core/proxy-error.js';
import type { Provider, ProviderCall } from '../../core/provider.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { decodeNdjson } from '../../util/ndjson.js';
import { networkError, sendUpstream, type UpstreamResponse } from '../http/upstream-http.js';
import type { ProviderOptions } from '../provider-options.js';
import { decodeOllamaResponse } from './decode-ollama-response.js';
import { decodeOllamaStream } from './decode-ollama-stream.js';
import { encodeOllamaChatRequest, encodeOllamaGenerateRequest } from './encode-ollama-request.js';
import { ollamaHeaders } from './ollama-headers.js';
import type { OllamaWireChunk, OllamaWireEmbedResponse, OllamaWireTagsResponse } from './ollama-wire.js';
import { parseOllamaHttpError } from './parse-ollama-error.js';
import { prepareNativeOllamaBody } from './prepare-native-ollama-body.js';
import { readUpstreamJson } from '../http/read-upstream-body.js';
import { OLLAMA_READ_WORDING } from './read-ollama-failure.js';

type Target = { path: '/api/chat' | '/api/generate'; body: unknown };

/**
 * A real Ollama server's native API (`/api/chat`, `/api/generate`, `/api/embed`), local or behind an auth proxy /
 * ollama.com (bearer key). Non-2xx answers are `{"error": "…"}` with a status (parse-ollama-error.ts).
 */
export class OllamaProvider implements Provider {
  readonly id: string;
  private readonly base: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: ProviderOptions) {
    this.id = options.id;
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.headers = ollamaHeaders(options);
  }

  /**
   * Where the request goes and with what body: the client's own body when it spoke Ollama (same endpoint it
   * called), `/api/generate` for a fill-in-the-middle prompt (chat cannot carry a suffix), else the encoded chat.
   */
  private target(request: ChatRequest, model: ModelSpec, stream: boolean): Target {
    const native = request.native;
    if (native?.dialect === 'ollama-generate' && request.prompt !== undefined) {
      return { path: '/api/generate', body: prepareNativeOllamaBody(native, model, stream) };
    }
    if (native?.dialect === 'ollama-chat') return { path: '/api/chat', body: prepareNativeOllamaBody(native, model, stream) };
    if (request.prompt?.suffix !== undefined) {
      return { path: '/api/generate', body: encodeOllamaGenerateRequest({ ...request, prompt: request.prompt, stream }, model) };
    }
    return { path: '/api/chat', body: encodeOllamaChatRequest({ ...request, stream }, model, this.id) };
  }

  private post(path: string, body: unknown, signal: AbortSignal): Promise<UpstreamResponse> {
    return sendUpstream(
      this.options.http,
      this.id,
      `${this.base}${path}`,
      { method: 'POST', headers: this.headers, body: JSON.stringify(body), signal },
      parseOllamaHttpError,
    );
  }


  async chat(request: ChatRequest, call: ProviderCall): Promise<ChatResponse> {
    const { path, body } = this.target(request, call.model, false);
    const response = await this.post(path, body, call.signal);
    return decodeOllamaResponse(await readUpstreamJson<OllamaWireChunk>(response.body, this.id, OLLAMA_READ_WORDING), call.model.id, this.id);
  }

  async chatStream(request: ChatRequest, call: ProviderCall): Promise<AsyncIterable<StreamEvent>> {
    const { path, body } = this.target(request, call.model, true);
    const response = await this.post(path, body, call.signal);
    const events = decodeOllamaStream(decodeNdjson(response.body), { provider: this.id, model: call.model.id });
    return releaseOnEarlyExit(events, response.body);
  }

  /** `/api/embed` takes every input at once and answers L2-normalised vectors in input order. */
  async embed(request: EmbedRequest, call: ProviderCall): Promise<EmbedResponse> {
    const body: Record<string, unknown> = { model: call.model.id, input: request.inputs };
    if (request.dimensions !== undefined) body.dimensions = request.dimensions;
    const response = await this.post('/api/embed', body, call.signal);
    const wire = await readUpstreamJson<OllamaWireEmbedResponse>(response.body, this.id, OLLAMA_READ_WORDING);
    const vectors = wire.embeddings ?? [];
    if (vectors.length !== request.inputs.length) {
      throw new ProxyError('upstream_protocol', `${this.id} returned ${vectors.length} embeddings for ${request.inputs.length} inputs`, {
        provider: this.id,
      });
    }
    return {
      model: wire.model ?? call.model.id,
      vectors,
      usage: typeof wire.prompt_eval_count === 'number' ? { inputTokens: wire.prompt_eval_count } : {},
    };
  }

  /** `{base}/api/tags` names, for the admin "test connection". Discovery (details, capabilities) is OllamaModelDiscovery. */
  async listModelIds(signal: AbortSignal): Promise<string[]> {
    try {
      const response = await sendUpstream(
        this.options.http,
        this.id,
        `${this.base}/api/tags`,
        { method: 'GET', headers: this.headers, signal },
        parseOllamaHttpError,
      );
      const wire = await readUpstreamJson<OllamaWireTagsResponse>(response.body, this.id, OLLAMA_READ_WORDING);
      return (wire.models ?? []).flatMap((model) => {
        const name = model.name ?? model.model;
        return typeof name === 'string' && name !== '' ? [name] : [];
      });
    } catch (error) {
      throw ProxyError.is(error) ? error : networkError(error, this.id);
    }
  }
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
