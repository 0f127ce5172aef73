import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AliasView, ModelView, Settings, UsageTotals } from '../../src/admin/admin-api-types.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { createTestDatabase, type TestDatabase } from '../../src/store/testing/test-databases.js';
import { startFakeUpstream, type FakeUpstream } from '../fakes/fake-openai-compatible.js';
import type { TestProxy } from './start-proxy.js';
import { ALL_TIME, AdminClient, allRecords, eventually, startUsageProxy } from './usage-harness.js';

const KEY = 'upstream-key';
const MESSAGES = [{ role: 'user' as const, content: 'hi' }];
/** Several poll intervals (250 ms) under a loaded machine. */
const PROPAGATION_DEADLINE_MS = 10_000;

describe('two instances sharing one PostgreSQL schema', () => {
  let db: TestDatabase;
  let fake: FakeUpstream;
  let a: TestProxy;
  let b: TestProxy;
  let adminA: AdminClient;
  let adminB: AdminClient;
  let clientA: OpenAI;
  let clientB: OpenAI;
  let store: Store;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    fake = await startFakeUpstream('openai', { apiKey: KEY });
    const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url, CONFIG_POLL_MS: '250', LOG_LEVEL: 'warn' };
    // Both start at once: the migration lock lets one migrate while the other waits.
    [a, b] = await Promise.all([startUsageProxy(db, env), startUsageProxy(db, env)]);
    [adminA, adminB] = await Promise.all([AdminClient.login(a.adminUrl), AdminClient.login(b.adminUrl)]);
    clientA = new OpenAI({ baseURL: `${a.url}/v1`, apiKey: 'sk-placeholder', maxRetries: 0 });
    clientB = new OpenAI({ baseURL: `${b.url}/v1`, apiKey: 'sk-placeholder', maxRetries: 0 });
    store = await openStore(db.options);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await store?.close();
    await fake?.close();
    await db?.drop();
  });

  it("serves a custom alias created through A's admin API on B within a few seconds", async () => {
    await expect(clientB.chat.completions.create({ model: 'team-model', messages: MESSAGES })).rejects.toThrow(/404/);
    const created = await adminA.send<AliasView>('PUT', '/api/aliases/custom', { alias: 'team-model', provider: 'openai', modelId: 'gpt-4o-mini' });
    expect(created).toMatchObject({ alias: 'team-model', source: 'custom', enabled: true });

    const startedAt = Date.now();
    const reply = await eventually(async () => {
      try {
        return await clientB.chat.completions.create({ model: 'team-model@shared', messages: MESSAGES });
      } catch (error) {
        if (error instanceof OpenAI.NotFoundError) return undefined;
        throw error;
      }
    }, PROPAGATION_DEADLINE_MS, 'instance B to serve the alias');
    console.log(`[usage-live-config] alias served by B ${Date.now() - startedAt} ms after A created it`);
    expect(reply.choices[0]!.message.content).toBe('Hello from openai');
    expect(fake.requests.at(-1)!.body.model).toBe('gpt-4o-mini');
  });

  it("applies A's settings and price override on B, and B's records use them", async () => {
    await adminA.send<Settings>('PATCH', '/api/settings', { defaultTag: 'cluster' });
    await adminA.send<ModelView>('PUT', '/api/models/override', { provider: 'openai', modelId: 'gpt-4o', price: { input: 1_000, output: 2_000 } });
    await eventually(async () => {
      const model = (await adminB.get<ModelView[]>('/api/models')).find((m) => m.provider === 'openai' && m.id === 'gpt-4o');
      return model?.values.price?.input === 1_000 ? model : undefined;
    }, PROPAGATION_DEADLINE_MS, "instance B to see A's price override");
    // B's settings come from the same configuration snapshot as its models: both are current now.
    await clientB.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES });
    await b.close(); // writes B's records
    const last = (await allRecords(store)).at(-1)!;
    expect(last).toMatchObject({ upstreamModel: 'gpt-4o', tags: ['cluster'], costMicros: 10 * 1_000 + 5 * 2_000, costSource: 'computed' });
  });

  it('both instances write records into the same tables concurrently, none lost, aggregates agreeing', async () => {
    const before = (await allRecords(store)).length;
    b = await startUsageProxy(db, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url, CONFIG_POLL_MS: '250', LOG_LEVEL: 'warn' });
    clientB = new OpenAI({ baseURL: `${b.url}/v1`, apiKey: 'sk-placeholder', maxRetries: 0 });
    const perInstance = 300;
    // Same tag sets and models from both sides, so both write the very same aggregate rows at the same time.
    await Promise.all([clientA, clientB].flatMap((client) => Array.from({ length: perInstance }, (_, i) =>
      client.chat.completions.create({ model: i % 2 === 0 ? 'gpt-4o' : 'team-model', messages: MESSAGES }, { headers: { 'x-proxy-tag': `t${i % 3}` } }))));
    await Promise.all([a.close(), b.close()]);

    const records = await allRecords(store);
    expect(records).toHaveLength(before + 2 * perInstance);
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
    const summary: UsageTotals = await store.usageSummary(ALL_TIME);
    expect(summary.requests).toBe(records.length);
    expect(summary.costMicros).toBe(records.reduce((sum, record) => sum + (record.costMicros ?? 0), 0));
    const hourly = await store.usageTimeSeries(ALL_TIME, 'hour');
    expect(hourly.reduce((sum, point) => sum + point.requests, 0)).toBe(records.length);
    const byTag = await store.usageBreakdown(ALL_TIME, 'tag', 10);
    for (const tag of ['t0', 't1', 't2']) expect(byTag.find((row) => row.key === tag)?.requests).toBe((2 * perInstance) / 3);
    expect(a.logs.concat(b.logs).join('')).not.toMatch(/writing usage records failed|deadlock/);
  }, 60_000);
});
