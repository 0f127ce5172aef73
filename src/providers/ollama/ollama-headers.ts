import type { ProviderOptions } from '../provider-options.js';

/**
 * Headers for every call to one Ollama upstream. Local Ollama needs none; an auth proxy or ollama.com wants
 * `Authorization: Bearer <key>`. Configured extra headers go first so they cannot replace the key.
 */
export function ollamaHeaders(options: Pick<ProviderOptions, 'apiKey' | 'extraHeaders'>): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: 'application/json, application/x-ndjson',
    ...options.extraHeaders,
    ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
  };
}
