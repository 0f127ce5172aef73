import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import type { UsageTotals } from '../../src/admin/admin-api-types.js';
import { openStore } from '../../src/store/open-store.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../src/store/testing/test-databases.js';
import { startFakeUpstream, type FakeUpstream } from '../fakes/fake-openai-compatible.js';
import { ALL_TIME, allRecords, startUsageProxy } from './usage-harness.js';

const KEY = 'upstream-key';
const TOTAL = 2_000;
const CONCURRENCY = 200;
const GROUPS = 8;

/** Runs `work(i)` for i in [0, total) with at most `limit` running at once. */
async function inParallel(total: number, limit: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) await work(next++);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

describe.each(TEST_DIALECTS)('usage under load (%s)', (dialect) => {
  let db: TestDatabase | undefined;
  let fake: FakeUpstream | undefined;

  afterAll(async () => {
    await fake?.close();
    await db?.drop();
  });

  it(`${TOTAL} requests, ${CONCURRENCY} at a time, leave exactly ${TOTAL} records once the proxy closed`, async () => {
    db = await createTestDatabase(dialect);
    fake = await startFakeUpstream('openai', { apiKey: KEY });
    const proxy = await startUsageProxy(db, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url, LOG_LEVEL: 'warn', ADMIN_ENABLED: 'false' });
    const clients = Array.from({ length: GROUPS }, (_, group) =>
      new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: `load-${group}`, maxRetries: 0 }));

    const started = performance.now();
    let ok = 0;
    let answeredMs = 0;
    try {
      await inParallel(TOTAL, CONCURRENCY, async (i) => {
        const client = clients[i % GROUPS]!;
        const messages = [{ role: 'user' as const, content: `request ${i}` }];
        if (i % 4 === 0) {
          const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
          for await (const _chunk of stream);
        } else {
          await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
        }
        ok += 1;
      });
    } finally {
      answeredMs = Math.round(performance.now() - started);
      await proxy.close();
    }
    const elapsedMs = Math.round(performance.now() - started);
    console.log(`[usage-load ${dialect}] ${TOTAL} requests (${CONCURRENCY} concurrent): answered in ${answeredMs} ms, all recorded and closed at ${elapsedMs} ms`);
    expect(ok).toBe(TOTAL);

    const store = await openStore(db.options);
    try {
      const records = await allRecords(store);
      expect(records).toHaveLength(TOTAL);
      expect(new Set(records.map((r) => r.id)).size).toBe(TOTAL);
      expect(records.every((r) => r.status === 200 && r.errorKind === null && r.inputTokens === 10 && r.outputTokens === 5)).toBe(true);
      expect(records.filter((r) => r.stream)).toHaveLength(TOTAL / 4);
      // The aggregates agree with the raw records: totals, and per tag.
      const summary: UsageTotals = await store.usageSummary(ALL_TIME);
      expect(summary).toMatchObject({ requests: TOTAL, errors: 0, inputTokens: TOTAL * 10, outputTokens: TOTAL * 5 });
      expect(summary.costMicros).toBe(records.reduce((sum, r) => sum + r.costMicros!, 0));
      const byTag = await store.usageBreakdown(ALL_TIME, 'tag', 50);
      expect(byTag.map((row) => [row.key, row.requests])).toEqual(
        Array.from({ length: GROUPS }, (_, group) => [`load-${group}`, TOTAL / GROUPS]));
    } finally {
      await store.close();
    }
  }, 180_000);
});
