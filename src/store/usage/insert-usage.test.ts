import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, openStore } from '../open-store.js';
import type { UsageRecordInput } from '../store-types.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../testing/test-databases.js';
import { insertUsage } from './insert-usage.js';
import { kyselyWriteConnection } from './kysely-write-connection.js';
import { openRawWriteConnection } from './raw-write-connection.js';
import { usageRows } from './usage-rows.js';
import type { UsageWriteConnection } from './usage-write-connection.js';

const DAY = Date.UTC(2026, 10, 1);

function record(index: number): UsageRecordInput {
  return {
    time: DAY + index * 60_000, surface: 'openai', endpoint: '/v1/chat/completions', requestedModel: 'gpt-4o', provider: 'openai',
    upstreamModel: 'gpt-4o', tags: index % 2 ? ['a'] : ['a', 'b'], clientIp: '10.0.0.1', clientHost: null, userAgent: 'ua\twith\ttabs\nand "quotes"',
    stream: false, status: 200, errorKind: null, inputTokens: 10, outputTokens: index, reasoningTokens: null, cacheReadTokens: null,
    cacheWriteTokens: null, latencyMs: 5, ttftMs: null, costMicros: 7, costSource: 'computed',
  };
}

describe.each(TEST_DIALECTS)('insertUsage on %s', (dialect) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
  });

  // The store writes in-thread through Kysely only when its writer thread died; the thread writes over the bare driver.
  it.each(['kysely', 'raw'] as const)('writes through the %s connection, and a failed batch leaves nothing behind', async (kind) => {
    database = await createTestDatabase(dialect);
    await (await openStore(database.options)).close(); // creates the schema
    const { db, dialect: sqlDialect } = openDatabase(database.options);
    const connection: UsageWriteConnection = kind === 'kysely' ? kyselyWriteConnection(db, sqlDialect) : await openRawWriteConnection(database.options);
    try {
      const records = Array.from({ length: 300 }, (_, index) => record(index));
      await insertUsage(connection, usageRows(records));
      const broken = [record(1000), { ...record(1001), surface: null } as unknown as UsageRecordInput];
      await expect(insertUsage(connection, usageRows(broken))).rejects.toThrow(/NOT NULL|not-null/);
      await insertUsage(connection, usageRows([record(2000)]));
    } finally {
      await connection.close();
      await db.destroy();
    }
    const store = await openStore(database.options);
    const filter = { from: DAY - 3_600_000, to: DAY + 2 * 86_400_000 };
    expect(await store.usageSummary(filter)).toMatchObject({ requests: 301, inputTokens: 3010, outputTokens: 44_850 + 2000 });
    expect(await store.usageBreakdown(filter, 'tag', 10)).toMatchObject([{ key: 'a', requests: 301 }, { key: 'b', requests: 151 }]);
    const newest = await store.recentUsage(filter, { limit: 1, offset: 0 });
    expect(newest.rows[0]).toMatchObject({ time: record(2000).time, userAgent: record(0).userAgent });
    await store.close();
  });
});
