import type { EmbedRequest } from '../../core/chat-request.js';
import { ProxyError, invalidRequest } from '../../core/proxy-error.js';
import { requireOpenAIModel } from './decode-openai-generation.js';
import { openaiEmbeddingRequestSchema } from './openai-request-schemas.js';

export type OpenAIEncodingFormat = 'float' | 'base64';

export type DecodedOpenAIEmbeddingRequest = { request: EmbedRequest; encodingFormat: OpenAIEncodingFormat };

function decodeInput(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (input === undefined || input === null) throw invalidRequest("'input' is required", 'input');
  if (!Array.isArray(input)) throw invalidRequest("'input' must be a string or an array of strings", 'input');
  if (input.length === 0) throw invalidRequest("'input' must not be empty", 'input');
  if (input.every((item): item is string => typeof item === 'string')) return input;
  throw new ProxyError('unsupported', 'token-array inputs are not supported; send the input as strings', { param: 'input' });
}

function decodeEncodingFormat(format: string | null | undefined): OpenAIEncodingFormat {
  if (format === undefined || format === null || format === 'float') return 'float';
  if (format === 'base64') return 'base64';
  throw invalidRequest(`encoding_format must be 'float' or 'base64', not '${format}'`, 'encoding_format');
}

/** `POST /v1/embeddings` body → canonical request plus the encoding to answer in (float when absent). */
export function decodeOpenAIEmbeddingRequest(body: unknown): DecodedOpenAIEmbeddingRequest {
  const wire = openaiEmbeddingRequestSchema.parse(body);
  const request: EmbedRequest = { model: requireOpenAIModel(wire.model), inputs: decodeInput(wire.input) };
  if (wire.dimensions != null) request.dimensions = wire.dimensions;
  if (wire.user != null) request.user = wire.user;
  return { request, encodingFormat: decodeEncodingFormat(wire.encoding_format) };
}
