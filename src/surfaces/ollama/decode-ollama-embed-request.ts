import type { EmbedRequest } from '../../core/chat-request.js';
import { invalidRequest } from '../../core/proxy-error.js';
import { ollamaEmbeddingsRequestSchema, ollamaEmbedRequestSchema, requireOllamaModel } from './ollama-request-schemas.js';

function decodeInput(input: unknown): string[] {
  if (input === undefined || input === null) return [];
  if (typeof input === 'string') return input === '' ? [] : [input];
  if (Array.isArray(input) && input.every((item): item is string => typeof item === 'string')) return input;
  throw invalidRequest('invalid input type', 'input');
}

/** `POST /api/embed`: `input` is a string or a string array; `truncate` is ignored. No inputs → empty answer. */
export function decodeOllamaEmbedRequest(body: unknown): EmbedRequest {
  const wire = ollamaEmbedRequestSchema.parse(body);
  const request: EmbedRequest = { model: requireOllamaModel(wire.model), inputs: decodeInput(wire.input) };
  if (wire.dimensions != null) request.dimensions = wire.dimensions;
  return request;
}

/** Legacy `POST /api/embeddings`: one `prompt`, one vector back. */
export function decodeOllamaEmbeddingsRequest(body: unknown): EmbedRequest {
  const wire = ollamaEmbeddingsRequestSchema.parse(body);
  const prompt = wire.prompt ?? '';
  return { model: requireOllamaModel(wire.model), inputs: prompt === '' ? [] : [prompt] };
}
