import OpenAI from 'openai';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { Settings, UsageTotals } from '../../src/admin/admin-api-types.js';
import { usageRecord } from '../../src/admin/testing/usage-records.js';
import { scheduleRetention } from '../../src/server/schedule-retention.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store, UsageRecordInput } from '../../src/store/store.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../src/store/testing/test-databases.js';
import { startFakeUpstream, type FakeUpstream } from '../fakes/fake-openai-compatible.js';
import type { TestProxy } from './start-proxy.js';
import { ALL_TIME, AdminClient, allRecords, rawRows, startUsageProxy, waitForRecords } from './usage-harness.js';

const KEY = 'upstream-key';
const DAY_MS = 86_400_000;

/** A record from `daysAgo` days back, as the recorder would have written it then. */
function oldRecord(daysAgo: number, tag: string): UsageRecordInput {
  const { id: _id, ...input } = usageRecord({ time: Date.now() - daysAgo * DAY_MS, tags: [tag], costMicros: 1_000 });
  return input;
}

describe.each(TEST_DIALECTS)('usage retention (%s)', (dialect) => {
  let db: TestDatabase | undefined;
  let fake: FakeUpstream | undefined;
  let proxy: TestProxy | undefined;
  let store: Store | undefined;

  afterAll(async () => {
    await proxy?.close();
    await store?.close();
    await fake?.close();
    await db?.drop();
  });

  it('purges records and aggregates older than retentionDays, keeps the rest, and the admin summary agrees', async () => {
    db = await createTestDatabase(dialect);
    fake = await startFakeUpstream('openai', { apiKey: KEY });
    proxy = await startUsageProxy(db, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url });
    store = await openStore(db.options);
    await store.insertUsage([oldRecord(400, 'old-400'), oldRecord(400, 'old-400'), oldRecord(40, 'old-40'), oldRecord(10, 'kept-10')]);

    const client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: 'recent', maxRetries: 0 });
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    await waitForRecords(store, 6);

    const admin = await AdminClient.login(proxy.adminUrl);
    const allTime = `from=0&to=${ALL_TIME.to}`;
    expect((await admin.get<UsageTotals>(`/api/usage/summary?${allTime}`)).requests).toBe(6);
    const settings = await admin.send<Settings>('PATCH', '/api/settings', { retentionDays: 30 });
    expect(settings.retentionDays).toBe(30);

    // The job the server schedules (first run a minute after start), run now against the same database.
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const retention = scheduleRetention(store, () => settings, log);
    try {
      expect(await retention.runNow()).toBe(3);
      expect(await retention.runNow()).toBe(0); // idempotent: a second run (or another instance) finds nothing
    } finally {
      retention.stop();
    }
    expect(lines.join('')).toContain('"deleted":3');

    const cutoff = Math.floor((Date.now() - 30 * DAY_MS) / DAY_MS) * DAY_MS;
    const remaining = await allRecords(store);
    expect(remaining.map((record) => record.tags[0]).sort()).toEqual(['kept-10', 'recent', 'recent']);
    expect(remaining.every((record) => record.time >= cutoff)).toBe(true);
    // No aggregate bucket before the cutoff either: the day and hour series cover exactly the remaining records.
    for (const bucket of ['day', 'hour'] as const) {
      const points = await store.usageTimeSeries(ALL_TIME, bucket);
      expect(points.every((point) => point.bucketStart >= cutoff)).toBe(true);
      expect(points.reduce((sum, point) => sum + point.requests, 0)).toBe(3);
    }
    const aggregates = await rawRows(db, ['usage_hourly', 'usage_daily']);
    expect(aggregates.length).toBeGreaterThanOrEqual(2);
    expect(aggregates.every((row) => Number(row.bucket_start) >= cutoff)).toBe(true);
    const byTag = await store.usageBreakdown(ALL_TIME, 'tag', 10);
    expect(byTag.map((row) => row.key).sort()).toEqual(['kept-10', 'recent']);

    const summary = await admin.get<UsageTotals>(`/api/usage/summary?${allTime}`);
    expect(summary).toMatchObject({ requests: 3, costMicros: remaining.reduce((sum, record) => sum + (record.costMicros ?? 0), 0) });
    const oldRange = await admin.get<UsageTotals>(`/api/usage/summary?from=0&to=${cutoff}`);
    expect(oldRange.requests).toBe(0);
  }, 60_000);
});
