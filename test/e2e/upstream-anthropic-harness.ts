// Shared setup of the upstream-anthropic-*.test.ts files: the fake Anthropic API behind a real proxy.
import { expect } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic, type RecordedRequest } from '../fakes/fake-anthropic.js';
import { startProxy, type TestProxy } from './start-proxy.js';

/** The provider key the fake accepts; never a client key, so a leak would show in the upstream headers. */
export const ANTHROPIC_KEY = 'sk-ant-upstream-key-456';
/** The version the provider sends (DEFAULT_ANTHROPIC_VERSION), whatever the client sent. */
export const UPSTREAM_VERSION = '2023-06-01';

/**
 * Catalog models used: Haiku 4.5 takes thinking as `budget_tokens` and sampling parameters (maxOutputTokens 64000);
 * Sonnet 4.6 takes adaptive thinking with an effort; Sonnet 5.5 rejects temperature/top_p/top_k (unsupportedParams).
 */
export const HAIKU = 'claude-haiku-4-5-20251001';
export const HAIKU_MAX_OUTPUT = 64000;
export const SONNET_46 = 'claude-sonnet-4-6';
export const SONNET_55 = 'claude-sonnet-5-5';

/** A 1×1 PNG. */
export const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export const WEATHER_SCHEMA = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
export const CITY_SCHEMA = { type: 'object', properties: { city: { type: 'string' }, population: { type: 'integer' } }, required: ['city'], additionalProperties: false };

/** Usage with both cache counts, so each surface's mapping of them shows (canonical input = 10 + 100 + 20). */
export const CACHED_USAGE = { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 100, cache_creation_input_tokens: 20 };
export const CACHED_INPUT_TOTAL = 130;

export type AnthropicUpstream = { fake: FakeAnthropic; proxy: TestProxy; close(): Promise<void> };

/** The fake plus a proxy whose only provider is Anthropic, pointed at it. `env` adds or overrides settings (timeouts). */
export async function startAnthropicUpstream(env: Record<string, string> = {}): Promise<AnthropicUpstream> {
  const fake = await startFakeAnthropic({ apiKey: ANTHROPIC_KEY });
  const proxy = await startProxy({ ANTHROPIC_API_KEY: ANTHROPIC_KEY, ANTHROPIC_BASE_URL: fake.url, ...env });
  return {
    fake,
    proxy,
    async close() {
      // After an aborted stream the client's fetch (undici) may open a connection that never sends a request, and
      // Node's server.close() waits for such a socket until headersTimeout (60 s): drop what is left while closing.
      const sweep = setInterval(() => proxy.app.server.closeAllConnections(), 20);
      await proxy.close().finally(() => clearInterval(sweep));
      await fake.close();
    },
  };
}

/** The last POST /v1/messages the fake received. */
export function lastMessagesRequest(fake: FakeAnthropic): RecordedRequest {
  const request = fake.requests.findLast((r) => r.method === 'POST' && r.path.startsWith('/v1/messages'));
  if (!request) throw new Error('the fake received no POST /v1/messages');
  return request;
}

/** The headers every upstream request must carry: our key, our version, and no client credentials. */
export function expectUpstreamHeaders(request: RecordedRequest): void {
  expect(request.headers['x-api-key']).toBe(ANTHROPIC_KEY);
  expect(request.headers['anthropic-version']).toBe(UPSTREAM_VERSION);
  expect(request.headers.authorization).toBeUndefined();
}
