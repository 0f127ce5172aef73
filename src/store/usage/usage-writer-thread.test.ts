import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../open-store.js';
import type { UsageRecordInput } from '../store-types.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../testing/test-databases.js';
import { prepareUsageBatch } from './usage-batch.js';
import { UsageWriterThread } from './usage-writer-thread.js';

const HOUR = 3_600_000;

function record(index: number): UsageRecordInput {
  return {
    time: Date.UTC(2026, 10, 1) + index * 1000, surface: 'openai', endpoint: '/v1/chat/completions', requestedModel: 'gpt-4o',
    provider: 'openai', upstreamModel: 'gpt-4o', tags: index % 2 ? ['a'] : ['a', 'b'], clientIp: '10.0.0.1', clientHost: null,
    userAgent: 'test', stream: false, status: 200, errorKind: null, inputTokens: 10, outputTokens: 2, reasoningTokens: null,
    cacheReadTokens: null, cacheWriteTokens: null, latencyMs: 5, ttftMs: null, costMicros: 7, costSource: 'computed',
  };
}

describe.each(TEST_DIALECTS)('UsageWriterThread on %s', (dialect) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
  });

  it('writes batches from its thread, in order, and they read back exactly through the store', async () => {
    database = await createTestDatabase(dialect);
    await (await openStore(database.options)).close(); // creates the schema
    const writer = new UsageWriterThread(database.options);
    const records = Array.from({ length: 1200 }, (_, index) => record(index));
    const insert = (batch: UsageRecordInput[]) => writer.insert(prepareUsageBatch(batch));
    await Promise.all([insert(records.slice(0, 500)), insert(records.slice(500, 1000)), insert(records.slice(1000))]);
    expect(writer.usable).toBe(true);
    await writer.close();
    expect(writer.usable).toBe(false);

    const store = await openStore(database.options);
    const filter = { from: Date.UTC(2026, 10, 1) - HOUR, to: Date.UTC(2026, 10, 2) };
    expect(await store.usageSummary(filter)).toMatchObject({ requests: 1200, inputTokens: 12_000, costMicros: 8400 });
    expect(await store.usageBreakdown(filter, 'tag', 10)).toMatchObject([{ key: 'a', requests: 1200 }, { key: 'b', requests: 600 }]);
    const newest = await store.recentUsage(filter, { limit: 1, offset: 0 });
    expect(newest.rows[0]!.time).toBe(records[1199]!.time);
    await store.close();
  });

  it('reports a failed batch to its caller and keeps working', async () => {
    database = await createTestDatabase(dialect);
    await (await openStore(database.options)).close();
    const writer = new UsageWriterThread(database.options);
    const broken = { ...record(0), surface: null } as unknown as UsageRecordInput; // NOT NULL column
    await expect(writer.insert(prepareUsageBatch([broken]))).rejects.toThrow(/NOT NULL|not-null/);
    await writer.insert(prepareUsageBatch([record(1)]));
    expect(writer.usable).toBe(true);
    await writer.close();
  });

  it('holds batches sent with a window and writes them with the next batch due, in one transaction', async () => {
    database = await createTestDatabase(dialect);
    await (await openStore(database.options)).close();
    const writer = new UsageWriterThread(database.options);
    const held = writer.insert(prepareUsageBatch([record(0)]), 60_000);
    const broken = { ...record(1), surface: null } as unknown as UsageRecordInput;
    // Due at once, and it takes the held batch with it: one transaction, so its failure is the held batch's too.
    const due = writer.insert(prepareUsageBatch([broken]), 0);
    const outcomes = await Promise.allSettled([held, due]);
    expect(outcomes.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason) : 'written'))).toEqual([
      expect.stringMatching(/NOT NULL|not-null/),
      expect.stringMatching(/NOT NULL|not-null/),
    ]);
    await writer.close();
  });

  it('writes held batches on flush() and on close()', async () => {
    database = await createTestDatabase(dialect);
    await (await openStore(database.options)).close();
    const writer = new UsageWriterThread(database.options);
    // Without the flush this would wait a minute (the test's timeout is far shorter).
    const flushed = writer.insert(prepareUsageBatch([record(0), record(1)]), 60_000);
    writer.flush();
    await flushed;
    const closed = writer.insert(prepareUsageBatch([record(2)]), 60_000);
    await writer.close();
    await closed;

    const store = await openStore(database.options);
    const filter = { from: Date.UTC(2026, 10, 1) - HOUR, to: Date.UTC(2026, 10, 2) };
    expect((await store.usageSummary(filter)).requests).toBe(3);
    await store.close();
  });
});
