// The embeddings codec: canonical EmbedRequest inputs → `:embedContent` / `:batchEmbedContents` bodies, and back.
import type { EmbedResponse } from '../../core/chat-response.js';
import { ProxyError } from '../../core/proxy-error.js';
import type { GeminiBatchEmbedContentsResponse, GeminiEmbedContentRequest, GeminiEmbedContentResponse } from './gemini-wire.js';

/** `batchEmbedContents` takes at most 100 requests; longer input lists are sent in several batches. */
export const MAX_BATCH_EMBEDDINGS = 100;

/** One input → `:embedContent` body. */
export function encodeGeminiEmbedContent(text: string, dimensions: number | undefined): GeminiEmbedContentRequest {
  return { content: { parts: [{ text }] }, ...(dimensions === undefined ? {} : { outputDimensionality: dimensions }) };
}

/** Several inputs → `:batchEmbedContents` body; each request repeats the model as `models/{id}`, as the API requires. */
export function encodeGeminiBatchEmbed(resource: string, texts: readonly string[], dimensions: number | undefined): { requests: GeminiEmbedContentRequest[] } {
  return { requests: texts.map((text) => ({ model: resource, ...encodeGeminiEmbedContent(text, dimensions) })) };
}

function vectorOf(values: number[] | undefined, provider: string): number[] {
  if (!Array.isArray(values)) throw new ProxyError('upstream_protocol', `${provider} returned an embedding without values`, { provider });
  return values;
}

export function decodeGeminiEmbedContent(wire: GeminiEmbedContentResponse, provider: string): { vectors: number[][]; inputTokens?: number } {
  const tokens = wire.usageMetadata?.promptTokenCount;
  return { vectors: [vectorOf(wire.embedding?.values, provider)], ...(typeof tokens === 'number' ? { inputTokens: tokens } : {}) };
}

export function decodeGeminiBatchEmbed(wire: GeminiBatchEmbedContentsResponse, expected: number, provider: string): { vectors: number[][]; inputTokens?: number } {
  const embeddings = wire.embeddings ?? [];
  if (embeddings.length !== expected) {
    throw new ProxyError('upstream_protocol', `${provider} returned ${embeddings.length} embeddings for ${expected} inputs`, { provider });
  }
  const tokens = wire.usageMetadata?.promptTokenCount;
  return { vectors: embeddings.map((embedding) => vectorOf(embedding.values, provider)), ...(typeof tokens === 'number' ? { inputTokens: tokens } : {}) };
}

/** Joins the results of several batches into one EmbedResponse. */
export function joinEmbedResults(model: string, results: ReadonlyArray<{ vectors: number[][]; inputTokens?: number }>): EmbedResponse {
  const vectors = results.flatMap((result) => result.vectors);
  const reported = results.every((result) => result.inputTokens !== undefined) && results.length > 0;
  return { model, vectors, usage: reported ? { inputTokens: results.reduce((sum, result) => sum + (result.inputTokens ?? 0), 0) } : {} };
}
