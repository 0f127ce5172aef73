import type { EmbedResponse } from '../../core/chat-response.js';
import type { OpenAIEncodingFormat } from './decode-openai-embedding-request.js';
import type { OpenAIEmbeddingList } from './openai-wire.js';

/** A vector as base64 of its little-endian float32 bytes (what the openai SDK asks for by default and decodes). */
export function encodeFloat32Base64(vector: readonly number[]): string {
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString('base64');
}

/** Canonical embeddings → OpenAI's list, each vector as floats or base64 exactly as the client asked. */
export function encodeOpenAIEmbeddingResponse(response: EmbedResponse, encodingFormat: OpenAIEncodingFormat): OpenAIEmbeddingList {
  const tokens = response.usage.inputTokens ?? 0;
  return {
    object: 'list',
    data: response.vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: encodingFormat === 'base64' ? encodeFloat32Base64(vector) : vector,
    })),
    model: response.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
