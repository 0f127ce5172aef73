import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelView, Price } from '../../src/admin/admin-api-types.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store, UsageRecord } from '../../src/store/store.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../src/store/testing/test-databases.js';
import { startFakeUpstream, type FakeUpstream } from '../fakes/fake-openai-compatible.js';
import type { TestProxy } from './start-proxy.js';
import { AdminClient, clientConnections, startUsageProxy, waitForRecords, type ClientConnections } from './usage-harness.js';

const KEY = 'upstream-key';
const MESSAGES = [{ role: 'user' as const, content: 'hi' }];

/** Catalog rates (USD per million tokens = micro-dollars per token) applied as compute-cost.ts documents. */
function expectedCost(price: Price, usage: { input: number; cached?: number; output: number }): number {
  const cached = usage.cached ?? 0;
  return Math.round((usage.input - cached) * price.input + cached * (price.cachedInput ?? price.input) + usage.output * price.output);
}

describe.each(TEST_DIALECTS)('usage records (%s)', (dialect) => {
  let db: TestDatabase;
  let fake: FakeUpstream;
  let proxy: TestProxy;
  let store: Store;
  let admin: AdminClient;
  let client: OpenAI;
  let ollama: Ollama;
  let connections: ClientConnections;
  let recordCount = 0;
  const prices = new Map<string, Price>();

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    fake = await startFakeUpstream('openai', { apiKey: KEY });
    proxy = await startUsageProxy(db, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url, UPSTREAM_IDLE_TIMEOUT_MS: '20000' });
    store = await openStore(db.options);
    admin = await AdminClient.login(proxy.adminUrl);
    for (const model of await admin.get<ModelView[]>('/api/models')) {
      if (model.values.price) prices.set(`${model.provider}/${model.id}`, model.values.price);
    }
    connections = clientConnections();
    client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'sk-placeholder', maxRetries: 0, fetch: connections.fetch });
    ollama = new Ollama({ host: proxy.url, fetch: connections.fetch });
  });

  afterAll(async () => {
    await connections?.close();
    await proxy?.close();
    await store?.close();
    await fake?.close();
    await db?.drop();
  });

  /** The records of the requests just made (one at a time, each gets exactly one record). */
  async function nextRecords(count = 1): Promise<UsageRecord[]> {
    recordCount += count;
    const records = await waitForRecords(store, recordCount);
    expect(records).toHaveLength(recordCount);
    return records.slice(-count);
  }

  it('a non-stream chat through the openai SDK: every field, cached input billed at its own rate', async () => {
    fake.reply({ content: 'Hello', usage: { prompt_tokens: 1200, completion_tokens: 300, cached_tokens: 800 } });
    await client.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES });
    const [record] = await nextRecords();
    const price = prices.get('openai/gpt-4o')!;
    expect(price.cachedInput).toBeLessThan(price.input);
    expect(record).toEqual({
      id: expect.any(Number),
      time: expect.any(Number),
      surface: 'openai',
      endpoint: '/v1/chat/completions',
      requestedModel: 'gpt-4o',
      provider: 'openai',
      upstreamModel: 'gpt-4o',
      tags: ['default'],
      clientIp: '127.0.0.1',
      clientHost: null,
      userAgent: expect.stringMatching(/^OpenAI\/JS /),
      stream: false,
      status: 200,
      errorKind: null,
      inputTokens: 1200,
      outputTokens: 300,
      reasoningTokens: 0, // OpenAI reports reasoning_tokens: 0, which is a count, not "unknown"
      cacheReadTokens: 800,
      cacheWriteTokens: null, // OpenAI has no cache-write count: unknown stays null, never 0
      latencyMs: expect.any(Number),
      ttftMs: null,
      costMicros: expectedCost(price, { input: 1200, cached: 800, output: 300 }),
      costSource: 'computed',
    });
    expect(Math.abs(record!.time - Date.now())).toBeLessThan(60_000);
    expect(record!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('a stream through the openai SDK: stream flag, time to first token, usage from the last chunk', async () => {
    fake.reply({ content: 'one two three four', usage: { prompt_tokens: 40, completion_tokens: 20 } });
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('one two three four');
    const [record] = await nextRecords();
    expect(record).toMatchObject({
      endpoint: '/v1/chat/completions', requestedModel: 'gpt-4o-mini', provider: 'openai', upstreamModel: 'gpt-4o-mini',
      stream: true, status: 200, errorKind: null, inputTokens: 40, outputTokens: 20, cacheReadTokens: 0, costSource: 'computed',
      costMicros: expectedCost(prices.get('openai/gpt-4o-mini')!, { input: 40, output: 20 }),
    });
    expect(record!.ttftMs).not.toBeNull();
    expect(record!.ttftMs!).toBeLessThanOrEqual(record!.latencyMs);
  });

  it('embeddings: input tokens only, the output count stays null', async () => {
    await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a b c', 'd e'] });
    const [record] = await nextRecords();
    expect(record).toMatchObject({
      endpoint: '/v1/embeddings', provider: 'openai', upstreamModel: 'text-embedding-3-small', stream: false, status: 200,
      outputTokens: null, reasoningTokens: null, cacheReadTokens: null, cacheWriteTokens: null, ttftMs: null,
    });
    expect(record!.inputTokens).toBeGreaterThan(0);
    expect(record!.costSource).toBe('computed');
    expect(record!.costMicros).toBe(Math.round(record!.inputTokens! * prices.get('openai/text-embedding-3-small')!.input));
  });

  it('ollama-js streams: surface, endpoint, user agent, first-token time', async () => {
    fake.reply({ content: 'streamed words here', usage: { prompt_tokens: 7, completion_tokens: 3 } });
    let text = '';
    for await (const part of await ollama.chat({ model: 'gpt-4o', messages: MESSAGES, stream: true })) text += part.message.content;
    expect(text).toBe('streamed words here');
    const [record] = await nextRecords();
    expect(record).toMatchObject({
      surface: 'ollama', endpoint: '/api/chat', requestedModel: 'gpt-4o', provider: 'openai', stream: true, status: 200,
      inputTokens: 7, outputTokens: 3, userAgent: expect.stringMatching(/^ollama-js\//),
    });
    expect(record!.ttftMs).not.toBeNull();
  });

  it('a model the catalog has no price for: tokens recorded, cost null with source none', async () => {
    await client.chat.completions.create({ model: 'openai/gpt-unlisted-preview', messages: MESSAGES });
    const [record] = await nextRecords();
    expect(record).toMatchObject({
      provider: 'openai', upstreamModel: 'gpt-unlisted-preview', status: 200, inputTokens: 10, outputTokens: 5,
      costMicros: null, costSource: 'none',
    });
  });

  it('an untrusted X-Forwarded-For does not change the client address', async () => {
    const response = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9', 'user-agent': 'curl/8.5.0' },
      body: JSON.stringify({ model: 'gpt-4o', messages: MESSAGES }),
    });
    expect(response.status).toBe(200);
    const [record] = await nextRecords();
    expect(record).toMatchObject({ clientIp: '127.0.0.1', userAgent: 'curl/8.5.0' });
  });

  it('an upstream 500 is recorded as a 502 upstream_error without tokens or cost', async () => {
    fake.fail({ kind: 'status', status: 500 });
    const error = await client.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }).catch((e: unknown) => e);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    const [record] = await nextRecords();
    expect(record).toMatchObject({
      provider: 'openai', upstreamModel: 'gpt-4o', stream: false, status: 502, errorKind: 'upstream_error',
      inputTokens: null, outputTokens: null, costMicros: null, costSource: 'none', ttftMs: null,
    });
  });

  it('an unknown model is recorded as a 404 model_not_found without a provider', async () => {
    const error = await client.chat.completions.create({ model: 'no-such-model@t1', messages: MESSAGES, stream: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    const [record] = await nextRecords();
    expect(record).toMatchObject({
      requestedModel: 'no-such-model', provider: null, upstreamModel: null, stream: true, status: 404,
      errorKind: 'model_not_found', tags: ['t1'], inputTokens: null, costSource: 'none',
    });
  });

  it('a stream that fails in-band keeps its 200 and records the error kind', async () => {
    fake.fail({ kind: 'stream-error-event', afterChunks: 2 });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES, stream: true });
    const failure = await (async () => {
      for await (const _chunk of stream);
    })().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    const [record] = await nextRecords();
    expect(record).toMatchObject({ stream: true, status: 200, provider: 'openai', errorKind: 'upstream_error', inputTokens: null });
  });

  it('a stream the openai SDK abandons mid-way: status 499, client_closed, upstream aborted', async () => {
    fake.fail({ kind: 'stall', afterChunks: 2 });
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES, stream: true }, { signal: controller.signal });
    const upstreamAborted = fake.clientAborted();
    // The SDK ends the iteration quietly when its own signal aborts it.
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) controller.abort();
    await upstreamAborted;
    const [record] = await nextRecords();
    expect(record).toMatchObject({
      surface: 'openai', stream: true, status: 499, errorKind: 'client_closed', provider: 'openai', upstreamModel: 'gpt-4o',
      inputTokens: null, outputTokens: null, costMicros: null, costSource: 'none',
    });
    expect(record!.ttftMs).not.toBeNull();
  });

  it('a stream ollama-js abandons mid-way: status 499, client_closed', async () => {
    fake.fail({ kind: 'stall', afterChunks: 2 });
    const stream = await ollama.chat({ model: 'gpt-4o', messages: MESSAGES, stream: true });
    const upstreamAborted = fake.clientAborted();
    const read = (async () => {
      for await (const part of stream) if (part.message.content) stream.abort();
    })().catch((e: unknown) => e);
    await read;
    await upstreamAborted;
    const [record] = await nextRecords();
    expect(record).toMatchObject({ surface: 'ollama', endpoint: '/api/chat', stream: true, status: 499, errorKind: 'client_closed' });
  });

  it('the admin API lists the same records, newest first, and sums them', async () => {
    const page = await admin.get<{ rows: UsageRecord[]; total: number }>('/api/usage/requests?limit=500');
    const stored = await waitForRecords(store, recordCount);
    expect(page.total).toBe(recordCount);
    expect(page.rows.map((row) => row.id)).toEqual(stored.map((row) => row.id).reverse());
    const summary = await admin.get<{ requests: number; errors: number; costMicros: number }>('/api/usage/summary');
    expect(summary.requests).toBe(recordCount);
    expect(summary.errors).toBe(stored.filter((row) => row.errorKind !== null || row.status >= 400).length);
    expect(summary.costMicros).toBe(stored.reduce((sum, row) => sum + (row.costMicros ?? 0), 0));
  });
});
