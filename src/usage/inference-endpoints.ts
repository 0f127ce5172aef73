import type { Surface } from '../store/store.js';

/** The routes that call a model and get a usage record, by their registered URL (POST only). */
const INFERENCE_ENDPOINTS: ReadonlyMap<string, Surface> = new Map([
  ['/api/chat', 'ollama'],
  ['/api/generate', 'ollama'],
  ['/api/embed', 'ollama'],
  ['/api/embeddings', 'ollama'],
  ['/v1/chat/completions', 'openai'],
  ['/v1/completions', 'openai'],
  ['/v1/embeddings', 'openai'],
  ['/v1/messages', 'anthropic'],
]);

/** The surface of an inference route (`/api` → ollama, `/v1/messages` → anthropic, other `/v1` → openai), else undefined. */
export function inferenceSurface(method: string | readonly string[], url: string): Surface | undefined {
  const isPost = typeof method === 'string' ? method === 'POST' : method.includes('POST');
  return isPost ? INFERENCE_ENDPOINTS.get(url) : undefined;
}

/** Whether a request asked for a stream, for records of requests that failed before reaching the gateway. */
export function streamRequested(endpoint: string, body: unknown): boolean {
  const stream = typeof body === 'object' && body !== null ? (body as { stream?: unknown }).stream : undefined;
  if (typeof stream === 'boolean') return stream;
  // Ollama streams chat and generate unless told not to; every other endpoint answers at once by default.
  return endpoint === '/api/chat' || endpoint === '/api/generate';
}
