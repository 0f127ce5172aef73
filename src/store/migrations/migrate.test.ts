import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase, openStore } from '../open-store.js';
import { createTestDatabase, TEST_DIALECTS } from '../testing/test-databases.js';
import { migrate, MIGRATIONS } from './migrate.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 2, 9);

describe.each(TEST_DIALECTS)('migrations on %s', (dialectName) => {
  it('002 gives existing records their tag set and drops usage_record_tags, and tag filters still find them', async () => {
    const database = await createTestDatabase(dialectName);
    try {
      const { db, dialect } = openDatabase(database.options);
      try {
        expect(await migrate(db, dialect, MIGRATIONS.slice(0, 1))).toEqual([1]);
        // Three records as version 1 wrote them: explicit ids and one usage_record_tags row per distinct tag.
        const old = [
          { id: 1, tags: ['b', 'a', 'b'] },
          { id: 2, tags: ['a'] },
          { id: 3, tags: ['team-x'] },
        ];
        for (const { id, tags } of old) {
          await sql`insert into usage_records (id, time, surface, endpoint, tags, client_ip, stream, status, is_error, latency_ms, cost_source)
            values (${id}, ${T0 + id}, 'openai', '/v1/chat/completions', ${JSON.stringify(tags)}, '10.0.0.1', 0, 200, 0, 5, 'none')`.execute(db);
          for (const tag of new Set(tags)) await sql`insert into usage_record_tags (record_id, tag) values (${id}, ${tag})`.execute(db);
        }
        expect(await migrate(db, dialect)).toEqual([2]);
        const rows = await db.selectFrom('usage_records').select(['id', 'tag_set']).orderBy('id').execute();
        expect(rows.map((row) => [Number(row.id), row.tag_set])).toEqual([[1, '["a","b"]'], [2, '["a"]'], [3, '["team-x"]']]);
        await expect(sql`select count(*) from usage_record_tags`.execute(db)).rejects.toThrow();
        expect(await migrate(db, dialect)).toEqual([]);
      } finally {
        await db.destroy();
      }

      const store = await openStore(database.options);
      try {
        // A raw-record range (under an hour, so no aggregate answers it) filtered and grouped by tag.
        const filter = { from: T0, to: T0 + HOUR / 2, tags: ['a'] };
        const page = await store.recentUsage(filter, { limit: 10, offset: 0 });
        expect(page.rows.map((record) => record.id).sort()).toEqual([1, 2]);
        const byTag = await store.usageBreakdown({ from: T0, to: T0 + HOUR / 2 }, 'tag', 10);
        expect(Object.fromEntries(byTag.map((row) => [row.key, row.requests]))).toEqual({ a: 2, b: 1, 'team-x': 1 });
        // New records continue the ids.
        await store.insertUsage([{
          time: T0 + 10, surface: 'openai', endpoint: '/v1/chat/completions', requestedModel: null, provider: null,
          upstreamModel: null, tags: ['a'], clientIp: '10.0.0.1', clientHost: null, userAgent: null, stream: false,
          status: 200, errorKind: null, inputTokens: null, outputTokens: null, reasoningTokens: null, cacheReadTokens: null,
          cacheWriteTokens: null, latencyMs: 5, ttftMs: null, costMicros: null, costSource: 'none',
        }]);
        const after = await store.recentUsage(filter, { limit: 10, offset: 0 });
        expect(after.rows.map((record) => record.id).sort()).toEqual([1, 2, 4]);
      } finally {
        await store.close();
      }
    } finally {
      await database.drop();
    }
  });
});
