import type { ChatRequest, EmbedRequest } from '../../core/chat-request.js';
import type { ChatResponse, EmbedResponse } from '../../core/chat-response.js';
import { ProxyError } from '../../core/proxy-error.js';
import type { Provider, ProviderCall } from '../../core/provider.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { decodeSse } from '../../util/sse.js';
import { networkError, sendUpstream } from '../http/upstream-http.js';
import type { ProviderOptions } from '../provider-options.js';
import { decodeGeminiResponse } from './decode-gemini-response.js';
import { decodeGeminiStream } from './decode-gemini-stream.js';
import {
  decodeGeminiBatchEmbed, decodeGeminiEmbedContent, encodeGeminiBatchEmbed, encodeGeminiEmbedContent, joinEmbedResults, MAX_BATCH_EMBEDDINGS,
} from './gemini-embeddings.js';
import { encodeGeminiRequest } from './encode-gemini-request.js';
import type { GeminiBatchEmbedContentsResponse, GeminiEmbedContentResponse, GeminiGenerateContentResponse } from './gemini-wire.js';
import { parseGeminiHttpError } from './parse-gemini-error.js';
import { readUpstreamJson } from '../http/read-upstream-body.js';
import { ThoughtSignatureMemory } from './thought-signature-memory.js';

/**
 * Process-wide, like DeepSeek's reasoning memory: tool call ids are unique, and providers are rebuilt when the
 * configuration changes while conversations go on.
 */
const sharedSignatureMemory = new ThoughtSignatureMemory();

/** Most model lists fit in one page; the cap only stops a misbehaving upstream from paging forever. */
const MAX_MODEL_PAGES = 20;

/**
 * The native Gemini API (Generative Language API, AI Studio keys): `{base}/v1beta/models/{model}:generateContent`,
 * `:streamGenerateContent?alt=sse`, `:embedContent`, `:batchEmbedContents`, with the key in `x-goog-api-key`
 * (never in the URL, which gets logged).
 */
export class GeminiProvider implements Provider {
  readonly id: string;
  private readonly base: string;
  private readonly headers: Record<string, string>;

  constructor(
    private readonly options: ProviderOptions,
    private readonly memory: ThoughtSignatureMemory = sharedSignatureMemory,
  ) {
    this.id = options.id;
    this.base = `${options.baseUrl.replace(/\/+$/, '')}/v1beta`;
    this.headers = {
      'content-type': 'application/json',
      accept: 'application/json',
      ...options.extraHeaders,
      ...(options.apiKey ? { 'x-goog-api-key': options.apiKey } : {}),
    };
  }

  private post(path: string, body: unknown, signal: AbortSignal) {
    return sendUpstream(
      this.options.http,
      this.id,
      `${this.base}/${path}`,
      { method: 'POST', headers: this.headers, body: JSON.stringify(body), signal },
      parseGeminiHttpError,
    );
  }


  async chat(request: ChatRequest, call: ProviderCall): Promise<ChatResponse> {
    const body = encodeGeminiRequest(request, call.model, this.memory);
    const response = await this.post(`${modelResource(call.model.id)}:generateContent`, body, call.signal);
    const wire = await readUpstreamJson<GeminiGenerateContentResponse>(response.body, this.id);
    const decoded = decodeGeminiResponse(wire, { provider: this.id, model: call.model.id });
    this.memory.rememberTurn(call.model.id, decoded.signatures);
    return decoded.response;
  }

  async chatStream(request: ChatRequest, call: ProviderCall): Promise<AsyncIterable<StreamEvent>> {
    const body = encodeGeminiRequest(request, call.model, this.memory);
    const response = await this.post(`${modelResource(call.model.id)}:streamGenerateContent?alt=sse`, body, call.signal);
    const events = decodeGeminiStream(decodeSse(response.body), {
      provider: this.id,
      model: call.model.id,
      onSignatures: (signatures) => this.memory.rememberTurn(call.model.id, signatures),
    });
    return releaseOnEarlyExit(events, response.body);
  }

  /** One input → `:embedContent`; several → `:batchEmbedContents`, 100 at a time. */
  async embed(request: EmbedRequest, call: ProviderCall): Promise<EmbedResponse> {
    const resource = modelResource(call.model.id);
    if (request.inputs.length === 0) throw new ProxyError('invalid_request', 'at least one input is required', { param: 'input' });
    if (request.inputs.length === 1) {
      const response = await this.post(`${resource}:embedContent`, encodeGeminiEmbedContent(request.inputs[0]!, request.dimensions), call.signal);
      const result = decodeGeminiEmbedContent(await readUpstreamJson<GeminiEmbedContentResponse>(response.body, this.id), this.id);
      return joinEmbedResults(call.model.id, [result]);
    }
    const results = [];
    for (let start = 0; start < request.inputs.length; start += MAX_BATCH_EMBEDDINGS) {
      const texts = request.inputs.slice(start, start + MAX_BATCH_EMBEDDINGS);
      const response = await this.post(`${resource}:batchEmbedContents`, encodeGeminiBatchEmbed(resource, texts, request.dimensions), call.signal);
      results.push(decodeGeminiBatchEmbed(await readUpstreamJson<GeminiBatchEmbedContentsResponse>(response.body, this.id), texts.length, this.id));
    }
    return joinEmbedResults(call.model.id, results);
  }

  /** `GET {base}/v1beta/models`, every page, ids without the `models/` prefix. */
  async listModelIds(signal: AbortSignal): Promise<string[]> {
    const ids: string[] = [];
    let pageToken: string | undefined;
    try {
      for (let page = 0; page < MAX_MODEL_PAGES; page++) {
        const query = new URLSearchParams({ pageSize: '1000', ...(pageToken ? { pageToken } : {}) });
        const response = await sendUpstream(
          this.options.http,
          this.id,
          `${this.base}/models?${query.toString()}`,
          { method: 'GET', headers: this.headers, signal },
          parseGeminiHttpError,
        );
        const wire = await readUpstreamJson<{ models?: Array<{ name?: unknown }>; nextPageToken?: unknown }>(response.body, this.id);
        for (const model of wire.models ?? []) if (typeof model.name === 'string') ids.push(model.name.replace(/^models\//, ''));
        pageToken = typeof wire.nextPageToken === 'string' && wire.nextPageToken !== '' ? wire.nextPageToken : undefined;
        if (!pageToken) break;
      }
      return ids;
    } catch (error) {
      throw ProxyError.is(error) ? error : networkError(error, this.id);
    }
  }
}

/** `gemini-2.5-flash` → `models/gemini-2.5-flash`; a full resource name (`tunedModels/x`) is kept. Segments are URL-escaped. */
export function modelResource(id: string): string {
  const name = id.includes('/') ? id : `models/${id}`;
  return name.split('/').map(encodeURIComponent).join('/');
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
