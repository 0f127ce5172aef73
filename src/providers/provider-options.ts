import type { UpstreamHttp } from './http/upstream-http.js';

/** What every provider factory receives: where the upstream is, how to authenticate, and the shared HTTP pool. */
export type ProviderOptions = {
  /** Provider id as it appears in model names (`anthropic`, `ollama`, `my-vllm`…). */
  id: string;
  /** Base URL without a trailing slash requirement; each provider appends its own paths. */
  baseUrl: string;
  apiKey: string | undefined;
  /** Extra headers from the config file, sent on every upstream request. */
  extraHeaders?: Record<string, string>;
  /** Dialect-specific version string (Anthropic's `anthropic-version`); undefined means the provider's default. */
  apiVersion?: string;
  http: UpstreamHttp;
};
