import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecentPage, Settings, UsageTotals } from '../../src/admin/admin-api-types.js';
import { openStore } from '../../src/store/open-store.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../src/store/testing/test-databases.js';
import { startFakeUpstream, type FakeUpstream } from '../fakes/fake-openai-compatible.js';
import type { TestProxy } from './start-proxy.js';
import { AdminClient, allRecords, startUsageProxy } from './usage-harness.js';

const KEY = 'upstream-key';
const MESSAGES = [{ role: 'user' as const, content: 'hi' }];

describe.each(TEST_DIALECTS)('usage across a restart, and with tracking off (%s)', (dialect) => {
  let db: TestDatabase | undefined;
  let fake: FakeUpstream | undefined;
  let proxy: TestProxy | undefined;

  afterAll(async () => {
    await proxy?.close();
    await fake?.close();
    await db?.drop();
  });

  async function start(): Promise<{ admin: AdminClient; client: OpenAI; ollama: Ollama }> {
    proxy = await startUsageProxy(db!, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake!.url });
    return {
      admin: await AdminClient.login(proxy.adminUrl),
      client: new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'sk-placeholder', maxRetries: 0 }),
      ollama: new Ollama({ host: proxy.url }),
    };
  }

  async function countRecords(): Promise<number> {
    const store = await openStore(db!.options);
    try {
      return (await allRecords(store)).length;
    } finally {
      await store.close();
    }
  }

  it('keeps settings and records over a restart; with tracking off nothing new is recorded', async () => {
    db = await createTestDatabase(dialect);
    fake = await startFakeUpstream('openai', { apiKey: KEY });

    // First run: change settings, make one tracked request, turn tracking off, make untracked ones.
    const first = await start();
    const changed = await first.admin.send<Settings>('PATCH', '/api/settings', { defaultTag: 'team-x', retentionDays: 30 });
    expect(changed).toMatchObject({ defaultTag: 'team-x', retentionDays: 30, trackingEnabled: true });
    await first.client.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES });

    await first.admin.send('PATCH', '/api/settings', { trackingEnabled: false });
    await first.client.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES });
    for await (const _part of await first.ollama.chat({ model: 'gpt-4o', messages: MESSAGES, stream: true }));
    await first.client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' });
    await expect(first.client.chat.completions.create({ model: 'no-such-model', messages: MESSAGES })).rejects.toThrow(/404/);
    expect(fake.requests.filter((request) => request.method === 'POST')).toHaveLength(4);
    await proxy!.close(); // writes every queued record
    proxy = undefined;
    expect(await countRecords()).toBe(1);

    // Second run on the same database: the settings and the record are there; tracking still off until turned on.
    const second = await start();
    expect(await second.admin.get<Settings>('/api/settings')).toMatchObject({ defaultTag: 'team-x', retentionDays: 30, trackingEnabled: false });
    const page = await second.admin.get<RecentPage>('/api/usage/requests');
    expect(page.total).toBe(1);
    expect(page.rows[0]).toMatchObject({ tags: ['team-x'], requestedModel: 'gpt-4o', status: 200, inputTokens: 10, outputTokens: 5 });
    expect(await second.admin.get<UsageTotals>('/api/usage/summary')).toMatchObject({ requests: 1, inputTokens: 10, outputTokens: 5 });

    await second.client.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES });
    await second.admin.send('PATCH', '/api/settings', { trackingEnabled: true });
    await second.client.chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES });
    await proxy!.close();
    proxy = undefined;

    const store = await openStore(db.options);
    const records = await allRecords(store).finally(() => store.close());
    expect(records.map((record) => [record.requestedModel, record.tags])).toEqual([['gpt-4o', ['team-x']], ['gpt-4o-mini', ['team-x']]]);
  }, 60_000);
});
