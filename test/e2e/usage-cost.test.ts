import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelView, Price, UsageTotals } from '../../src/admin/admin-api-types.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store, UsageRecord } from '../../src/store/store.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../src/store/testing/test-databases.js';
import { startFakeUpstream, type FakeUpstream } from '../fakes/fake-openai-compatible.js';
import type { TestProxy } from './start-proxy.js';
import { AdminClient, startUsageProxy, waitForRecords } from './usage-harness.js';

const KEY = 'upstream-key';
const MESSAGES = [{ role: 'user' as const, content: 'hi' }];
const OPENROUTER_MODEL = 'openrouter/meta-llama/llama-3.3-70b-instruct';

describe.each(TEST_DIALECTS)('usage cost (%s)', (dialect) => {
  let db: TestDatabase;
  let openaiFake: FakeUpstream;
  let openrouterFake: FakeUpstream;
  let proxy: TestProxy;
  let store: Store;
  let admin: AdminClient;
  let client: OpenAI;
  let recordCount = 0;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    [openaiFake, openrouterFake] = await Promise.all([startFakeUpstream('openai', { apiKey: KEY }), startFakeUpstream('openrouter', { apiKey: KEY })]);
    proxy = await startUsageProxy(db, {
      OPENAI_API_KEY: KEY, OPENAI_BASE_URL: openaiFake.url, OPENROUTER_API_KEY: KEY, OPENROUTER_BASE_URL: openrouterFake.url,
    });
    store = await openStore(db.options);
    admin = await AdminClient.login(proxy.adminUrl);
    client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'sk-placeholder', maxRetries: 0 });
  });

  afterAll(async () => {
    await proxy?.close();
    await store?.close();
    await Promise.all([openaiFake?.close(), openrouterFake?.close()]);
    await db?.drop();
  });

  async function nextRecord(): Promise<UsageRecord> {
    recordCount += 1;
    const records = await waitForRecords(store, recordCount);
    expect(records).toHaveLength(recordCount);
    return records.at(-1)!;
  }

  async function gpt4oPrice(): Promise<Price> {
    const model = (await admin.get<ModelView[]>('/api/models')).find((m) => m.provider === 'openai' && m.id === 'gpt-4o');
    return model!.values.price!;
  }

  async function chatGpt4o(usage: { prompt_tokens: number; completion_tokens: number; cached_tokens?: number }): Promise<UsageRecord> {
    openaiFake.reply({ content: 'ok', usage });
    await client.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES });
    return nextRecord();
  }

  it('computes micro-dollars from the catalog rates, cached input at its own rate', async () => {
    const price = await gpt4oPrice();
    expect(price.cachedInput).toBeDefined();
    const record = await chatGpt4o({ prompt_tokens: 10_000, completion_tokens: 2_000, cached_tokens: 4_000 });
    expect(record.costSource).toBe('computed');
    expect(record.costMicros).toBe(Math.round(6_000 * price.input + 4_000 * price.cachedInput! + 2_000 * price.output));
  });

  it('a price override through the admin API applies to the next request, and clearing it restores the catalog rate', async () => {
    const catalog = await gpt4oPrice();
    const override: Price = { input: 100, output: 300, cachedInput: 10 };
    const view = await admin.send<ModelView>('PUT', '/api/models/override', { provider: 'openai', modelId: 'gpt-4o', price: override });
    expect(view.values.price).toMatchObject(override);

    const record = await chatGpt4o({ prompt_tokens: 1_000, completion_tokens: 100, cached_tokens: 500 });
    expect(record).toMatchObject({ costSource: 'computed', costMicros: 500 * 100 + 500 * 10 + 100 * 300 });

    await admin.send('DELETE', '/api/models/override?provider=openai&model=gpt-4o');
    const after = await chatGpt4o({ prompt_tokens: 1_000, completion_tokens: 100 });
    expect(after.costMicros).toBe(Math.round(1_000 * catalog.input + 100 * catalog.output));
  });

  it("records OpenRouter's reported cost (non-stream, half up) with source 'reported'", async () => {
    openrouterFake.reply({ content: 'hi', usage: { prompt_tokens: 50, completion_tokens: 20, cost: 0.0001235 } });
    await client.chat.completions.create({ model: OPENROUTER_MODEL, messages: MESSAGES });
    expect(openrouterFake.requests.at(-1)!.body.model).toBe('meta-llama/llama-3.3-70b-instruct');
    expect(await nextRecord()).toMatchObject({
      provider: 'openrouter', upstreamModel: 'meta-llama/llama-3.3-70b-instruct', inputTokens: 50, outputTokens: 20,
      costMicros: 124, costSource: 'reported',
    });
  });

  it("records OpenRouter's reported cost on streams, through both surfaces", async () => {
    openrouterFake.reply({ content: 'streamed', usage: { prompt_tokens: 5, completion_tokens: 7, cost: 0.004321 } });
    const stream = await client.chat.completions.create({ model: OPENROUTER_MODEL, messages: MESSAGES, stream: true });
    for await (const _chunk of stream);
    expect(await nextRecord()).toMatchObject({ stream: true, costMicros: 4_321, costSource: 'reported' });

    openrouterFake.reply({ content: 'streamed', usage: { prompt_tokens: 5, completion_tokens: 7, cost: 0.5 } });
    const ollama = new Ollama({ host: proxy.url });
    for await (const _part of await ollama.chat({ model: `${OPENROUTER_MODEL}@or-team`, messages: MESSAGES, stream: true }));
    expect(await nextRecord()).toMatchObject({ surface: 'ollama', stream: true, tags: ['or-team'], costMicros: 500_000, costSource: 'reported' });
  });

  it('the admin summary adds up computed and reported cost', async () => {
    const records = await waitForRecords(store, recordCount);
    const summary = await admin.get<UsageTotals>('/api/usage/summary');
    expect(summary.requests).toBe(records.length);
    expect(summary.costMicros).toBe(records.reduce((sum, r) => sum + (r.costMicros ?? 0), 0));
    expect(summary.reportedCostMicros).toBe(124 + 4_321 + 500_000);
    const byTag = await admin.get<Array<{ key: string; costMicros: number }>>('/api/usage/breakdown?by=tag&tags=or-team');
    expect(byTag).toEqual([expect.objectContaining({ key: 'or-team', costMicros: 500_000 })]);
  });
});
