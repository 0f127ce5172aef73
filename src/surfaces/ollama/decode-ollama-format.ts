import type { ResponseFormat } from '../../core/chat-request.js';
import { invalidRequest } from '../../core/proxy-error.js';

/** Ollama `format`: `"json"` is JSON mode, an object is a JSON Schema; empty means plain text. */
export function decodeOllamaFormat(format: string | Record<string, unknown> | null | undefined): ResponseFormat | undefined {
  if (format === undefined || format === null || format === '') return undefined;
  if (typeof format === 'object') return { type: 'json-schema', schema: format };
  if (format === 'json') return { type: 'json' };
  throw invalidRequest('invalid format: expected "json" or a JSON schema object', 'format');
}
